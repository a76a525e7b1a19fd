"""The escalation list: late reports raised to a level (dispatch/escalation.py) and still being
worked, as far as the viewer's role reaches.

Executives, operators and administrators see every level, one at a time (the executive's list by
default); an agency head sees the agency-head level of their agency's reports, a supervisor the
supervisor level of their agency's (only in their area, if their role has one), an area official
the area-official level of their kelurahan or kecamatan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from laksa.dispatch.models import Escalation, Level, Target
from laksa.dispatch.reach import in_agency_scope
from laksa.dispatch.selectors import ON_CURRENT_DEADLINES
from laksa.org import permissions
from laksa.org.models import Jurisdiction, Role
from laksa.reports.statuses import IN_HAND, OPEN_STATUSES

can_view_escalations = permissions.can_view_escalations


def chosen_level(user: Any, asked: str | None) -> str | None:
    """The level shown to those who see everything (the executive's list unless they pick
    another); None for the others, whose roles decide."""
    if not permissions.sees_everything(user):
        return None
    return asked if asked in Level.values else Level.EXECUTIVE


ROLE_LEVELS: dict[str, Level] = {
    Role.SUPERVISOR: Level.SUPERVISOR,
    Role.AGENCY_HEAD: Level.AGENCY_HEAD,
}


def _scope(user: Any, level: str | None) -> Q | None:
    """Which escalations the user sees; None if their roles reach none."""
    if level is not None:
        return Q(level=level)
    parts = []
    for reach in permissions.agency_scopes(user):
        rung = ROLE_LEVELS.get(reach.role)
        if rung is not None:
            parts.append(Q(level=rung) & in_agency_scope(user, reach, "report__"))
    for m in permissions.memberships(user):
        if m.role == Role.AREA_OFFICIAL and m.area_id:
            parts.append(Q(level=Level.AREA_OFFICIAL) & permissions.in_area(m.area_id, "report__"))
    if not parts:
        return None
    scope = parts[0]
    for part in parts[1:]:
        scope |= part
    return scope


def escalations_for(user: Any, city: Jurisdiction, level: str | None) -> QuerySet[Escalation]:
    """One row per report and level, its latest step, the newest first."""
    scope = _scope(user, level)
    if scope is None:
        return Escalation.objects.none()
    # A sweep often raises both targets at once: the later due (the resolution) stands for both.
    newer = Escalation.objects.filter(
        ON_CURRENT_DEADLINES, report_id=OuterRef("report_id"), level=OuterRef("level")
    ).filter(
        Q(at__gt=OuterRef("at"))
        | Q(at=OuterRef("at"), due_at__gt=OuterRef("due_at"))
        | Q(at=OuterRef("at"), due_at=OuterRef("due_at"), pk__gt=OuterRef("pk"))
    )
    return (
        Escalation.objects.filter(
            scope, ON_CURRENT_DEADLINES, report__jurisdiction=city, report__status__in=OPEN_STATUSES
        )
        .exclude(Exists(newer))
        .select_related(
            "report__category", "report__agency", "report__kelurahan", "report__kecamatan"
        )
        .order_by("-at", "-due_at", "-pk")
    )


@dataclass
class Row:
    escalation: Escalation
    late_until: datetime
    """Now, or when a response that came late was given: "how late" runs from due_at to this."""
    link: str

    @property
    def report(self) -> Any:
        return self.escalation.report


def late_until(escalation: Escalation, now: datetime) -> datetime:
    report = escalation.report
    if escalation.target == Target.RESPOND and report.status in IN_HAND and report.dispatched_at:
        return report.dispatched_at
    return now
