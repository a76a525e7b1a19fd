"""Reads of the org app shared by several screens."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from laksa.org.models import Agency, AgencyKind, Area, AreaLevel, Jurisdiction

CITY_TTL = 30.0
"""Seconds a process keeps the city it serves without reading it again."""
_remembered: tuple[float, str, Jurisdiction] | None = None


def city_or_none() -> Jurisdiction | None:
    """The city this site serves: `LAKSA_JURISDICTION` (a slug) or the only one there is.

    Every request needs it (its timezone, its name), so a process remembers it for CITY_TTL
    seconds: a save or delete of a jurisdiction forgets it at once in that process, and the other
    processes see the change within CITY_TTL. (A monotonic clock: this is an age, not a date.)"""
    global _remembered
    slug = getattr(settings, "LAKSA_JURISDICTION", "")
    now = time.monotonic()
    memo = _remembered
    if memo is not None and memo[1] == slug and now - memo[0] < CITY_TTL:
        return memo[2]
    qs = Jurisdiction.objects.all()
    city = qs.filter(slug=slug).first() if slug else qs.order_by("id").first()
    if city is not None:
        _remembered = (now, slug, city)
    return city


def forget_city(**kwargs: Any) -> None:
    """Connected to Jurisdiction's post_delete (OrgConfig.ready)."""
    global _remembered
    _remembered = None


def reread_city(**kwargs: Any) -> None:
    """Connected to Jurisdiction's post_save: the city as it is now, read at once, so the next
    request needs no read of its own."""
    forget_city()
    city_or_none()


def current_jurisdiction() -> Jurisdiction:
    """The city this site serves (city_or_none); an error when there is none yet."""
    jurisdiction = city_or_none()
    if jurisdiction is None:
        raise ImproperlyConfigured(
            "No jurisdiction yet: run `laksa load-demo` or add one in admin."
        )
    return jurisdiction


def kecamatan_list(jurisdiction: Jurisdiction) -> list[Area]:
    return list(jurisdiction.areas.filter(level=AreaLevel.KECAMATAN).order_by("name"))


def routable_agencies(jurisdiction: Jurisdiction) -> list[Agency]:
    """Agencies an operator may route a report to: OPDs and area offices, not outside bodies."""
    return list(
        jurisdiction.agencies.filter(active=True)
        .exclude(kind=AgencyKind.EXTERNAL)
        .select_related("area")
        .order_by("kind", "abbreviation")
    )


def external_agencies(jurisdiction: Jurisdiction) -> list[Agency]:
    return list(jurisdiction.agencies.filter(active=True, kind=AgencyKind.EXTERNAL))
