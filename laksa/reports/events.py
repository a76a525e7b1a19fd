"""Writing a report's history. Every ReportEvent goes through `record_event`, which keeps the
event table usable as a stream: ids are handed out in commit order, and the news that an event was
committed goes out only after the commit, never for a rolled-back action.

Why commit order matters: the live stream resumes a client from the last id it saw. If a later id
could commit before an earlier one, a reader that had already moved past it would never see the
earlier one. SQLite writers are serialised already (`BEGIN IMMEDIATE`); on PostgreSQL a
transaction-scoped advisory lock, taken by the event's own INSERT before its id is drawn
(lib.inserts.after) and held to the commit, does the same.
Events are the last write of every action (what follows an event is written just before it), so
the lock is held for a moment only.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal

from laksa.lib import prepared
from laksa.lib.inserts import Ready, ready
from laksa.reports.models import ReportEvent

EVENT_LOCK = 0x4C414B5341  # "LAKSA": the advisory lock key that orders event ids on PostgreSQL
NOTIFY_CHANNEL = "laksa_events"

event_recorded = Signal()
"""Sent inside the writing transaction with the new `event`, just before its row is written (it
has no id yet), so a part above `reports` (dispatch's assignments, notify's messages) can follow
every change on every path, atomically with it. A receiver reads the event; it does not change
it (a prepared event's values are already made)."""

event_committed = Signal()
"""Sent after the commit of a transaction that wrote events, with `last_id`, the highest id."""


def record_event(**fields: Any) -> ReportEvent:
    """Create one ReportEvent inside the caller's transaction, in commit order."""
    return record_prepared(prepare_event(**fields))


def prepare_event(**fields: Any) -> Ready[ReportEvent]:
    """An event made, its values ready, before the transaction that `record_prepared` stores; its
    report is read when it is stored, so a report not yet stored may be named. On SQLite every
    writer of the city waits for the one in a transaction: a new report's event was 0.15 ms of
    it (docs/performance.md, "The ninth sitting")."""
    return ready(ReportEvent(**fields), later=["report"])


def record_prepared(row: Ready[ReportEvent]) -> ReportEvent:
    """Store a prepared event inside the caller's transaction (one of its own if none), in
    commit order."""
    if not connection.in_atomic_block:
        with transaction.atomic():
            return record_prepared(row)
    event = row.obj
    # The receivers' writes (assignments, the citizen's message) come first, so that the lock
    # ordering ids on PostgreSQL is held for the event's own row and the commit only: every
    # writer of the city waits for it (docs/performance.md, "The write path").
    event_recorded.send(sender=ReportEvent, event=event)
    if connection.vendor == "postgresql":
        row.insert(first=(LOCK_AND_NOTIFY, [EVENT_LOCK, NOTIFY_CHANNEL]))  # one round trip
    else:
        row.insert()
    transaction.on_commit(lambda: event_committed.send(sender=ReportEvent, last_id=event.pk))
    return event


def record_events(events: list[ReportEvent]) -> list[ReportEvent]:
    """Many events at once (a sweep), with the same ordering and announcement as record_event."""
    if not events:
        return []
    if not connection.in_atomic_block:
        with transaction.atomic():
            return record_events(events)
    _lock_and_notify()
    created = ReportEvent.objects.bulk_create(events, batch_size=2000)
    last_id = max(e.pk for e in created)
    transaction.on_commit(lambda: event_committed.send(sender=ReportEvent, last_id=last_id))
    return created


LOCK_AND_NOTIFY = "SELECT pg_advisory_xact_lock(%s), pg_notify(%s, '')"
"""On PostgreSQL, in one statement: the lock that orders event ids, and the NOTIFY that wakes every
listening process. PostgreSQL delivers a NOTIFY only at commit, and drops it on rollback, so
sending it before the row is the same as after; listeners read the table from where they were,
never the payload, which is empty (one NOTIFY a transaction, however many events it wrote). One
event's INSERT runs it first in the same statement: a statement of its own was a round trip more
for every action."""


def _lock_and_notify() -> None:
    """LOCK_AND_NOTIFY by itself, before many events at once (a sweep's bulk insert)."""
    if connection.vendor == "postgresql":
        with prepared.cursor() as cursor:
            cursor.execute(LOCK_AND_NOTIFY, [EVENT_LOCK, NOTIFY_CHANNEL])
