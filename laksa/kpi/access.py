"""Who sees which dashboard: the whole city for those who see everything (operators, executives,
administrators: dispatch.reach's `everything`), an agency head their agency, an area official
their area and the kelurahan in it. Every other staff member gets 403."""

from __future__ import annotations

from typing import Any

from laksa.org import permissions
from laksa.org.models import Area, Role

DASHBOARD_ROLES = {Role.EXECUTIVE, Role.AGENCY_HEAD, Role.AREA_OFFICIAL}
"""The roles whose working screen is their dashboard: they land on it after signing in."""


def lands_on_dashboard(user: Any) -> bool:
    return bool(permissions.roles(user) & DASHBOARD_ROLES)


def sees_city(user: Any) -> bool:
    return permissions.sees_everything(user)


def headed_agency_ids(user: Any) -> list[int]:
    return sorted(
        {
            m.agency_id
            for m in permissions.memberships(user)
            if m.role == Role.AGENCY_HEAD and m.agency_id
        }
    )


def watched_area_ids(user: Any) -> list[int]:
    return sorted(permissions.watched_area_ids(user))


def can_view_agency(user: Any, agency_id: int) -> bool:
    return sees_city(user) or agency_id in headed_agency_ids(user)


def can_view_area(user: Any, area: Area) -> bool:
    watched = set(watched_area_ids(user))
    return sees_city(user) or area.pk in watched or area.parent_id in watched
