"""Who a staff user is: their roles and scopes, read once per request and kept on the user."""

from __future__ import annotations

from typing import Any

from laksa.org.models import Membership, Role

TRIAGE_ROLES = {Role.OPERATOR, Role.ADMINISTRATOR}
HANDLER_ROLES = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.WORKER}


def memberships(user: Any) -> list[Membership]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_laksa_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("agency", "area"))
        user._laksa_memberships = cached
    return cached


def roles(user: Any) -> set[str]:
    found = {m.role for m in memberships(user)}
    if getattr(user, "is_superuser", False):
        found.add(Role.ADMINISTRATOR)
    return found


def is_staff_member(user: Any) -> bool:
    return bool(roles(user))


def can_triage(user: Any) -> bool:
    """Operators (and administrators) verify, route, reject, merge and refer."""
    return bool(roles(user) & TRIAGE_ROLES)


def handled_agency_ids(user: Any) -> set[int]:
    """Agencies whose reports this user works on: their own, or their area's office."""
    ids: set[int] = set()
    for m in memberships(user):
        if m.role in HANDLER_ROLES and m.agency_id:
            ids.add(m.agency_id)
        if m.role == Role.AREA_OFFICIAL and m.area is not None:
            ids.update(m.area.offices.values_list("id", flat=True))
    return ids


def watched_area_ids(user: Any) -> set[int]:
    """Areas an area official (camat, lurah) answers for."""
    return {m.area_id for m in memberships(user) if m.role == Role.AREA_OFFICIAL and m.area_id}


def sees_everything(user: Any) -> bool:
    return bool(roles(user) & {Role.OPERATOR, Role.ADMINISTRATOR, Role.EXECUTIVE})


def can_view_console(user: Any) -> bool:
    """Operators work the console; executives and agency heads watch their scope of it, read-only."""
    return can_triage(user) or bool(roles(user) & {Role.EXECUTIVE, Role.AGENCY_HEAD})


ESCALATION_WATCHERS = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.AREA_OFFICIAL}


def can_view_escalations(user: Any) -> bool:
    """The escalation list: the whole city's for those who see everything, else the user's level."""
    return sees_everything(user) or bool(roles(user) & ESCALATION_WATCHERS)
