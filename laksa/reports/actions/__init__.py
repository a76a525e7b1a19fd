"""Every change to a report. Each action checks who may do it from which status, then writes the
change and exactly one ReportEvent in one transaction; a refused action raises and changes nothing.

Split by who acts: intake (a new report from any door), triage (the LIVE Room), work (the
report's side of the field's verbs, called through dispatch.actions), citizen (the reporter and
supporters) and outside (other sites' updates), around one private core (_core).
"""

from laksa.reports.actions._core import MAX_DESCRIPTION, lock_current
from laksa.reports.actions.citizen import (
    add_citizen_message,
    add_support,
    close_unconfirmed,
    confirm_fix,
    dispute_fix,
    rate_service,
)
from laksa.reports.actions.intake import (
    ContactInput,
    NewReport,
    create_report,
    retry_key,
)
from laksa.reports.actions.outside import (
    add_outside_update,
)
from laksa.reports.actions.triage import (
    accept_proof,
    add_internal_note,
    merge_duplicate,
    place_report,
    refer_report,
    reject_report,
    reply_to_citizen,
    return_job,
    set_priority,
    set_public,
    verify_report,
)
from laksa.reports.actions.work import (
    accept_job,
    finish_job,
    report_progress,
    start_job,
)

__all__ = [
    "MAX_DESCRIPTION",
    "ContactInput",
    "NewReport",
    "accept_job",
    "accept_proof",
    "add_citizen_message",
    "add_internal_note",
    "add_outside_update",
    "add_support",
    "close_unconfirmed",
    "confirm_fix",
    "create_report",
    "dispute_fix",
    "finish_job",
    "lock_current",
    "merge_duplicate",
    "place_report",
    "rate_service",
    "refer_report",
    "reject_report",
    "reply_to_citizen",
    "report_progress",
    "retry_key",
    "return_job",
    "set_priority",
    "set_public",
    "start_job",
    "verify_report",
]
