"""What the field does with an assignment: accept it, send a crew, report progress, ask the
LIVE Room to re-route, finish. Each finds the user's part in the report first (a worker reaches a
job only through their crew); anything that changes the report itself is a reports action."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import datetime
from functools import reduce
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from laksa.dispatch.models import Assignment, Crew, Part
from laksa.lib import clock
from laksa.lib.images import ProcessedImage
from laksa.org import permissions
from laksa.org.models import Role
from laksa.reports import actions as report_actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed
from laksa.reports.events import record_event
from laksa.reports.models import EventKind, Report, ReportEvent
from laksa.reports.proof import Capture
from laksa.reports.statuses import ROUTED, Status

LEADING_ROLES = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.AREA_OFFICIAL, Role.ADMINISTRATOR}


def leads_crews(
    user: Any, agency_id: int | None = None, *, jurisdiction: permissions.City | None = None
) -> bool:
    """Supervisors and agency heads accept jobs and send crews; workers only do the work. With
    `agency_id`, in that agency: a worker of one agency who supervises in another is a worker in
    the first. Roles in `jurisdiction` (the job's city; by default the site's)."""
    if agency_id is None:
        return bool(permissions.roles(user, jurisdiction) & LEADING_ROLES)
    return any(
        scope.agency_id == agency_id and not scope.crew_only and scope.role in LEADING_ROLES
        for scope in permissions.agency_scopes(user, jurisdiction)
    )


def open_parts(user: Any, jurisdiction: permissions.City | None = None) -> QuerySet[Assignment]:
    """The open parts the user works on, as far as their roles in `jurisdiction` reach (by default
    the site's city; permissions.agency_scopes): the agency's, within a supervisor's area if they
    have one; a worker's crews' only."""
    reached = []
    for scope in permissions.agency_scopes(user, jurisdiction):
        q = Q(agency_id=scope.agency_id)
        if scope.area_id is not None:
            q &= permissions.in_area(scope.area_id, "report__")
        if scope.crew_only:
            # A subquery, not a join on the members, so that no assignment comes out twice.
            q &= Q(crew_id__in=Crew.objects.filter(members=user).values("id"))
        reached.append(q)
    if not reached:
        return Assignment.objects.none()
    return Assignment.objects.filter(reduce(operator.or_, reached), ended_at=None)


def part_of(user: Any, report: Report) -> Assignment | None:
    """The user's open assignment in the report, the lead assignment first, by their roles in the
    report's own city (a command may act on another city's report: load-demo)."""
    qs = (
        open_parts(user, report.jurisdiction_id)
        .filter(report=report)
        .select_related("agency", "crew", "supervisor")
    )
    return min(qs, key=lambda a: a.part != Part.LEAD, default=None)


def _require_part(user: Any, report: Report, *, leading: bool = False) -> Assignment:
    assignment = part_of(user, report)
    if assignment is None:
        raise NotAllowed(_("Pekerjaan ini bukan untuk Anda atau regu Anda."))
    if leading and not leads_crews(user, assignment.agency_id, jurisdiction=report.jurisdiction_id):
        raise NotAllowed(_("Hanya pengawas yang boleh melakukan ini."))
    return assignment


def accept_job(
    report: Report,
    *,
    by: Any,
    crew: Crew | None = None,
    instructions: str = "",
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The supervisor takes the job for the agency (the report turns yellow: "ditanggapi"), and
    may send a crew at once. A co-agency takes its own assignment; the report does not move."""
    now = now or clock.now()
    assignment = _require_part(by, report, leading=True)
    with transaction.atomic():
        if assignment.part == Part.LEAD:
            event = report_actions.accept_job(
                report, by=by, note=note, expected_version=expected_version, now=now
            )
        else:
            if assignment.accepted_at:
                raise IllegalTransition(_("Bagian ini sudah diterima."))
            event = record_event(
                report=report,
                kind=EventKind.ASSIGNED,
                actor=by,
                actor_label=assignment.agency.name[:120],
                public_note=_("%(agency)s ikut menangani laporan ini.")
                % {"agency": assignment.agency.name},
                data={"part": assignment.part, "agency": assignment.agency.code},
                created_at=now,
            )
        assignment.supervisor, assignment.accepted_at = by, now
        assignment.save(update_fields=["supervisor", "accepted_at"])
        if crew is not None:
            event = _send_crew(
                report, assignment, by=by, crew=crew, instructions=instructions, now=now
            )
    return event


def assign_crew(
    report: Report,
    *,
    by: Any,
    crew: Crew,
    instructions: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Send (or change) the crew of the user's assignment, with instructions for them."""
    assignment = _require_part(by, report, leading=True)
    if assignment.accepted_at is None:
        raise IllegalTransition(_("Terima pekerjaan ini dulu, lalu tugaskan regu."))
    with transaction.atomic():
        report_actions.lock_current(report, expected_version)
        return _send_crew(report, assignment, by=by, crew=crew, instructions=instructions, now=now)


def _send_crew(
    report: Report,
    assignment: Assignment,
    *,
    by: Any,
    crew: Crew,
    instructions: str,
    now: datetime | None = None,
) -> ReportEvent:
    now = now or clock.now()
    if crew.agency_id != assignment.agency_id or not crew.active:
        raise InvalidInput(_("Pilih regu aktif dari instansi ini."))
    assignment.crew, assignment.instructions = crew, instructions.strip()[:2000]
    assignment.save(update_fields=["crew", "instructions"])
    return record_event(
        report=report,
        kind=EventKind.ASSIGNED,
        actor=by,
        actor_label=assignment.agency.name[:120],
        internal_note=f"{crew.name}: {assignment.instructions}"
        if assignment.instructions
        else crew.name,
        data={"part": assignment.part, "agency": assignment.agency.code, "crew": crew.pk},
        created_at=now,
    )


def start_job(
    report: Report,
    *,
    by: Any,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The crew is on site: the lead assignment moves the report to "dikerjakan"."""
    assignment = _require_part(by, report)
    if assignment.part != Part.LEAD:
        raise IllegalTransition(_("Bagian koordinasi: laporkan kemajuan atau selesaikan bagian."))
    if report.status == Status.IN_PROGRESS:  # started by another phone of the crew meanwhile
        raise IllegalTransition(_("Pekerjaan ini sudah dimulai."))
    return report_actions.start_job(
        report, by=by, note=note, expected_version=expected_version, now=now
    )


def report_progress(
    report: Report,
    *,
    by: Any,
    note: str = "",
    photos: Sequence[ProcessedImage] = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    assignment = _require_part(by, report)
    return report_actions.report_progress(
        report,
        by=by,
        note=note,
        photos=photos,
        data={"agency": assignment.agency.code},
        expected_version=expected_version,
        now=now,
    )


def ask_reroute(
    report: Report,
    *,
    by: Any,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The field says the job is not theirs: the LIVE Room sees the request and the reason,
    and decides (re-routing ends this assignment with the reason)."""
    now = now or clock.now()
    assignment = _require_part(by, report)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tuliskan alasan pengalihan."))
    if report.status not in ROUTED:
        raise IllegalTransition(_("Laporan ini tidak sedang dikerjakan."))
    with transaction.atomic():
        report_actions.lock_current(report, expected_version)
        assignment.reroute_asked_at = now
        assignment.save(update_fields=["reroute_asked_at"])
        return record_event(
            report=report,
            kind=EventKind.REROUTE,
            actor=by,
            actor_label=assignment.agency.name[:120],
            internal_note=reason[:1000],
            data={"agency": assignment.agency.code, "part": assignment.part},
            created_at=assignment.reroute_asked_at,
        )


def finish_job(
    report: Report,
    *,
    by: Any,
    proof: Sequence[ProcessedImage],
    note: str = "",
    captures: Sequence[Capture] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The lead assignment closes the job with proof (the report turns green); a co-agency marks its
    own assignment done with a note and photos, which the citizen sees as progress. Both kinds of
    photo pass the same proof checks (reports/proof.py)."""
    assignment = _require_part(by, report)
    if assignment.part == Part.LEAD:
        return report_actions.finish_job(
            report,
            by=by,
            proof=proof,
            note=note,
            captures=captures,
            expected_version=expected_version,
            now=now,
        )
    if assignment.done_at:
        raise IllegalTransition(_("Bagian ini sudah selesai."))
    with transaction.atomic():
        event = report_actions.report_progress(
            report,
            by=by,
            note=note.strip()
            or _("Bagian %(agency)s selesai.") % {"agency": assignment.agency.name},
            photos=proof,
            data={"agency": assignment.agency.code, "part_done": True},
            as_proof=True,
            captures=captures,
            expected_version=expected_version,
            now=now,
        )
        assignment.done_at = event.created_at
        assignment.save(update_fields=["done_at"])
    return event
