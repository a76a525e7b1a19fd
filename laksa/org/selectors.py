"""Reads of the org app shared by several screens."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from laksa.org.models import Agency, AgencyKind, Area, AreaLevel, Jurisdiction


def current_jurisdiction() -> Jurisdiction:
    """The city this site serves: `LAKSA_JURISDICTION` (a slug) or the only one there is."""
    slug = getattr(settings, "LAKSA_JURISDICTION", "")
    qs = Jurisdiction.objects.all()
    jurisdiction = qs.filter(slug=slug).first() if slug else qs.order_by("id").first()
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
