"""What may be done to a report now, answered in one place: a screen or the API offers exactly the
actions that would be accepted, and the actions refuse with the same rules. (The reporter's part
is here; the staff's follows in the one verb table.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from laksa.lib import clock
from laksa.reports.models import Report
from laksa.reports.statuses import STATUS_TYPE, Status, StatusType


@dataclass(frozen=True)
class ReporterActions:
    """What the reporter (holding the private link) may do to their report now."""

    confirm: bool
    """Say the problem is fixed, which closes the report."""
    dispute: bool
    """Say it is not: the job goes back to the agency. Only within the confirmation window."""
    rate: bool
    """Rate the service 1-5, once the work is done (again, to change the rating)."""


def dispute_window_open(report: Report, now: datetime) -> bool:
    """The reporter may still dispute a done job: `confirm_days` from when it was done."""
    if report.done_at is None:
        return True
    return now <= report.done_at + timedelta(days=report.jurisdiction.confirm_days)


def reporter_actions(report: Report, *, now: datetime | None = None) -> ReporterActions:
    now = now or clock.now()
    done = report.status == Status.DONE
    return ReporterActions(
        confirm=done,
        dispute=done and dispute_window_open(report, now),
        rate=STATUS_TYPE[report.status] == StatusType.DONE,
    )
