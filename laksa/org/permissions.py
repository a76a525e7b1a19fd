"""Who a staff user is: their roles and scopes, read once per request and kept on the user.

A membership is a role in one city: it counts only where that city is acted on. Every check takes
the `jurisdiction` acted on, a city or its id. The verbs (reports.actions, dispatch.actions and
dispatch.available) pass the report's own city, so a command or task acting on another city's
report (load-demo) is judged there; a screen or a list passes nothing and gets the city this
site serves (org.selectors.city_or_none). An operator of another city is nobody here.
Superusers administer every city."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from django.db.models import Q

from laksa.org.models import Jurisdiction, Membership, Role
from laksa.org.selectors import city_or_none

TRIAGE_ROLES = {Role.OPERATOR, Role.ADMINISTRATOR}

City: TypeAlias = Jurisdiction | int
"""A city acted on, or its id: a report's `jurisdiction_id` is enough, and reads no row."""


def memberships(user: Any, jurisdiction: City | None = None) -> list[Membership]:
    """The user's memberships in `jurisdiction` (by default the city this site serves)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_laksa_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("agency", "area"))
        user._laksa_memberships = cached
    city = jurisdiction if jurisdiction is not None else city_or_none()
    if city is None:
        return []
    city_id = city.pk if isinstance(city, Jurisdiction) else city
    return [m for m in cached if m.jurisdiction_id == city_id]


def roles(user: Any, jurisdiction: City | None = None) -> set[str]:
    found = {m.role for m in memberships(user, jurisdiction)}
    if getattr(user, "is_superuser", False):
        found.add(Role.ADMINISTRATOR)
    return found


def is_staff_member(user: Any, jurisdiction: City | None = None) -> bool:
    return bool(roles(user, jurisdiction))


def can_triage(user: Any, jurisdiction: City | None = None) -> bool:
    """Operators (and administrators) verify, route, reject, merge and refer."""
    return bool(roles(user, jurisdiction) & TRIAGE_ROLES)


def own_agency_ids(user: Any, jurisdiction: City | None = None) -> set[int]:
    """The agencies a staff member belongs to by any of their memberships (a LIVE Room operator
    seconded from Dinas Kesehatan belongs to it): the console's "my agency" filter."""
    return {m.agency_id for m in memberships(user, jurisdiction) if m.agency_id is not None}


def handled_agency_ids(user: Any, jurisdiction: City | None = None) -> set[int]:
    """Agencies whose reports this user works on, some or all of them (see agency_scopes): their
    own, or their area's office."""
    return {scope.agency_id for scope in agency_scopes(user, jurisdiction)}


@dataclass(frozen=True)
class AgencyScope:
    """Which of one agency's reports a membership reaches."""

    role: str
    agency_id: int
    area_id: int | None = None
    """Only the reports located in this area (a supervisor's kecamatan or kelurahan)."""
    crew_only: bool = False
    """Only the jobs with an open assignment to a crew the user is in (a worker)."""


def agency_scopes(user: Any, jurisdiction: City | None = None) -> list[AgencyScope]:
    """The one rule of who handles which of an agency's reports: an agency head the whole agency,
    a supervisor the agency within their area (the whole city without one), a worker only the
    crews' jobs, an area official their area's offices. Roles add up."""
    scopes = []
    for m in memberships(user, jurisdiction):
        if m.role == Role.AGENCY_HEAD and m.agency_id:
            scopes.append(AgencyScope(m.role, m.agency_id))
        elif m.role == Role.SUPERVISOR and m.agency_id:
            scopes.append(AgencyScope(m.role, m.agency_id, area_id=m.area_id))
        elif m.role == Role.WORKER and m.agency_id:
            scopes.append(AgencyScope(m.role, m.agency_id, crew_only=True))
        elif m.role == Role.AREA_OFFICIAL and m.area is not None:
            offices = m.area.offices.values_list("id", flat=True)
            scopes.extend(AgencyScope(m.role, pk) for pk in offices)
    return scopes


def in_area(area_id: int, prefix: str = "") -> Q:
    """Reports located in an area or beneath it: a report carries its kelurahan and that
    kelurahan's kecamatan. `prefix` reaches the report from another model ("report__")."""
    return Q(**{f"{prefix}kelurahan_id": area_id}) | Q(**{f"{prefix}kecamatan_id": area_id})


def watched_area_ids(user: Any, jurisdiction: City | None = None) -> set[int]:
    """Areas an area official (camat, lurah) answers for."""
    return {
        m.area_id
        for m in memberships(user, jurisdiction)
        if m.role == Role.AREA_OFFICIAL and m.area_id
    }


def sees_everything(user: Any, jurisdiction: City | None = None) -> bool:
    """Every report of the city: its operators, executives and administrators."""
    return bool(roles(user, jurisdiction) & {Role.OPERATOR, Role.ADMINISTRATOR, Role.EXECUTIVE})


def can_view_console(user: Any, jurisdiction: City | None = None) -> bool:
    """Operators work the console; executives and agency heads watch their scope of it, read-only."""
    return can_triage(user, jurisdiction) or bool(
        roles(user, jurisdiction) & {Role.EXECUTIVE, Role.AGENCY_HEAD}
    )


ESCALATION_WATCHERS = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.AREA_OFFICIAL}


def can_view_escalations(user: Any, jurisdiction: City | None = None) -> bool:
    """The escalation list: the whole city's for those who see everything, else the user's level."""
    return sees_everything(user, jurisdiction) or bool(
        roles(user, jurisdiction) & ESCALATION_WATCHERS
    )
