"""Which status may follow which (DESIGN.md §2). Actions consult this table; nothing else does."""

from __future__ import annotations

from laksa.reports.statuses import Status

ALLOWED: dict[str, set[str]] = {
    Status.NEW: {Status.VERIFIED, Status.REJECTED, Status.DUPLICATE, Status.REFERRED},
    # verified -> verified is a re-route before the agency accepted it.
    Status.VERIFIED: {
        Status.VERIFIED,
        Status.DISPATCHED,
        Status.REJECTED,
        Status.DUPLICATE,
        Status.REFERRED,
    },
    Status.DISPATCHED: {Status.IN_PROGRESS, Status.DONE, Status.VERIFIED, Status.REFERRED},
    Status.IN_PROGRESS: {Status.DONE, Status.VERIFIED, Status.REFERRED},
    Status.DONE: {Status.CLOSED, Status.DISPATCHED},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
    Status.DUPLICATE: set(),
    Status.REFERRED: set(),
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED.get(from_status, set())
