"""What a staff member may do to a report now, answered in one place: the console's buttons,
SIGAP's forms and the API's `actions` list are the names of dispatch/verbs.py that this returns,
so a screen offers exactly what the verb would accept. (The reporter's part is
reports/available.py.) Screens and templates ask for a verb's name, never a status's."""

from __future__ import annotations

from typing import Any

from laksa.dispatch.actions import leads_crews, part_of
from laksa.dispatch.models import Assignment, Part
from laksa.org import permissions
from laksa.reports.models import Channel, ProofLocation, Report
from laksa.reports.statuses import IN_HAND, OPEN_STATUSES, ROUTED, WAITING, Status


def available_actions(
    user: Any, report: Report, assignment: Assignment | None = None
) -> frozenset[str]:
    """The verbs this user may do to this report now: the LIVE Room's, and the field's through
    the user's part in the job (`assignment`, looked up when not given). Roles count in the
    report's own city, as the verbs check them."""
    names = set(triage_actions(user, report))
    if permissions.handled_agency_ids(user, report.jurisdiction_id):
        assignment = assignment or part_of(user, report)
        if assignment is not None:
            names |= field_actions(user, report, assignment)
    return frozenset(names)


def triage_actions(user: Any, report: Report) -> frozenset[str]:
    if not permissions.can_triage(user, report.jurisdiction_id):
        return frozenset()
    names = {"reply", "note"}
    if report.public or (report.channel != Channel.GUESTBOOK and report.category.public):
        names.add("visibility")  # hidden, or shown again, at any status (reports.actions)
    if report.status in WAITING:
        names |= {"verify", "reject", "merge", "refer"}
    if report.status in ROUTED:
        names |= {"verify", "refer"}  # re-route, or pass on to an outside body
    if report.status in OPEN_STATUSES:
        names |= {"priority", "place"}
    if report.needs_place:
        names.discard("verify")  # routed only once it is on the map
    if report.status == Status.DONE and report.proof_location == ProofLocation.UNVERIFIED:
        names |= {"accept_proof", "return"}
    return frozenset(names)


def field_actions(user: Any, report: Report, assignment: Assignment) -> frozenset[str]:
    """The field's verbs on the user's part: a supervisor accepts and sends crews; the lead part
    starts and finishes the job; a co-agency accepts and finishes its own part."""
    leads = leads_crews(user, assignment.agency_id, jurisdiction=report.jurisdiction_id)
    lead = assignment.part == Part.LEAD
    names = set()
    if leads and (
        (lead and report.status == Status.VERIFIED)
        or (not lead and assignment.accepted_at is None and report.status in ROUTED)
    ):
        names.add("accept")
    if leads and assignment.accepted_at and report.status in ROUTED:
        names.add("assign")
    if lead and report.status == Status.DISPATCHED:
        names.add("start")
    if report.status in IN_HAND:
        names.add("progress")
    if report.status in ROUTED and assignment.reroute_asked_at is None:
        names.add("reroute")
    if (report.status in IN_HAND and assignment.done_at is None) or (
        not lead
        and assignment.accepted_at
        and assignment.done_at is None
        and report.status in ROUTED
    ):
        names.add("complete")
    return frozenset(names)
