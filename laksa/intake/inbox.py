"""The intake inbox: a door accepts a message with one INSERT and answers; reports and replies are
made from the stored rows afterwards (by `laksa intake-drain` processes, or a huey task started
after commit when LAKSA_INBOX_TASK is on, and a drain every minute).

`accept` stores each message once per (account, provider message id): a provider's retry is
refused by the table, so it is never handled twice. `handle_pending` handles each row in the
transaction that marks it handled, so a crash in between leaves the row pending and the next drain
handles it again; intake's idempotency key (channel, account, message id) gives back the report
the first try may have made, and a STATUS or INFO reply is asked for once. A row that
raises is retried with backoff and, after MAX_ATTEMPTS, left for operators in the admin.

Every door writes to it: the SMS doors (sender and text) and the chat webhooks (one row per
platform message, its raw item in `payload`). A row is handled by its account's channel's
handler in HANDLERS: `handle_row(account, row: InboxMessage, now: datetime) -> outcome`, where
the outcome has `.kind` (a short word: report, asked, added, status, ignored, ...) and `.report`
(a Report or None); it runs inside the row's transaction and may raise to be retried."""

from __future__ import annotations

import logging
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field
from django.utils.module_loading import import_string

from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.sms.inbound import Sms, handle, stored_message_id
from laksa.lib import clock, prepared
from laksa.lib.memo import Memo
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report

log = logging.getLogger("laksa.intake.inbox")

BATCH = 100
MAX_ATTEMPTS = 8
"""Failed tries before a row is left for operators (about two hours with the backoff below)."""
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
_COLUMNS = (
    "account",
    "message_id",
    "sender",
    "text",
    "payload",
    "received_at",
    "next_attempt_at",
    "outcome",
    "attempts",
    "last_error",
)
_ROWS_PER_INSERT = 500
"""Well under SQLite's limit of bound parameters per statement."""


HANDLERS: dict[str, str] = {
    "sms": "laksa.intake.inbox.handle_sms_row",
    "whatsapp": "laksa.intake.whatsapp.inbound.handle_row",
    "telegram": "laksa.intake.telegram.inbound.handle_row",
    "facebook": "laksa.intake.facebook.inbound.handle_row",
    "instagram": "laksa.intake.instagram.inbound.handle_row",
    "x": "laksa.intake.x.inbound.handle_row",
}
"""The account's channel -> the dotted path of its row handler (see the module's docstring)."""


class Handled(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def report(self) -> Report | None: ...


@dataclass(frozen=True)
class ChatMessage:
    """One chat platform message as a webhook stores it: the raw item is read when handled."""

    message_id: str
    sender: str
    text: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


def handle_sms_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Handled:
    sms = Sms(sender=row.sender, text=row.text, message_id=row.message_id)
    return handle(account, sms, now=now)


def accept(
    account: ChannelAccount, messages: Iterable[Sms | ChatMessage], now: datetime | None = None
) -> list[InboxMessage]:
    """Store the messages in one INSERT and return the rows that are new (a message whose account
    and id are already stored is left as it is). After commit a huey task handles the new rows,
    unless LAKSA_INBOX_TASK is off (drain processes find them).
    A message without a provider id gets a uuid: a retry of it is a second row."""
    now = now or clock.now()
    rows: dict[str, InboxMessage] = {}
    for sms in messages:
        message_id = stored_message_id(sms.message_id) or f"laksa-{uuid.uuid4().hex}"
        rows.setdefault(
            message_id,
            InboxMessage(
                account=account,
                message_id=message_id,
                sender=sms.sender[:100],
                text=sms.text,
                payload=getattr(sms, "payload", None) or {},
                received_at=now,
                next_attempt_at=now,
            ),
        )
    new: list[InboxMessage] = []
    pending = list(rows.values())
    for start in range(0, len(pending), _ROWS_PER_INSERT):
        for pk, message_id in _insert_new(pending[start : start + _ROWS_PER_INSERT]):
            row = rows[message_id]
            row.pk = pk
            new.append(row)
    if new and settings.LAKSA_INBOX_TASK:
        ids = [row.pk for row in new]
        # robust: a queue that cannot be reached must not turn an accepted message into an error
        # answer; the drain every minute handles the rows anyway.
        transaction.on_commit(lambda: _handle_soon(ids), robust=True)
    return new


def _insert_new(rows: Sequence[InboxMessage]) -> list[tuple[int, str]]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING (PostgreSQL, SQLite 3.35+): the ids and message
    ids of the rows that were new. Django's bulk_create(ignore_conflicts=True) returns no ids."""
    meta = InboxMessage._meta
    fields = [field for name in _COLUMNS if isinstance(field := meta.get_field(name), Field)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.attname) for field in fields)  # no db_column on these
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES {', '.join([one] * len(rows))} "
        f"ON CONFLICT ({quote('account_id')}, {quote('message_id')}) DO NOTHING "
        f"RETURNING {quote('id')}, {quote('message_id')}"
    )
    params = [
        field.get_db_prep_save(getattr(row, field.attname), connection)
        for row in rows
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), str(message_id)) for pk, message_id in cursor.fetchall()]


def _handle_soon(ids: list[int]) -> None:
    from laksa.intake.tasks import handle_inbox  # tasks imports this module

    handle_inbox(ids)


def handle_pending(
    limit: int = BATCH, *, ids: Sequence[int] | None = None, now: datetime | None = None
) -> int:
    """Handle up to `limit` rows that are due (or, with `ids`, those rows if never tried yet);
    returns how many were handled. Safe to run in several workers at once: each transaction
    claims the first due row no other worker holds (PostgreSQL: FOR UPDATE SKIP LOCKED), so
    workers never queue on one row nor spend a transaction on a row another has taken."""
    handled = 0
    if ids is not None:  # the door's task: each row by its id, by a statement written once
        for pk in list(ids)[:limit]:
            handled += _handle_one(partial(_FIRST_TRY.first, [pk]), now, []) or 0
        return handled
    due = now or clock.now()
    failed: list[int] = []
    for _tried in range(limit):
        done = _handle_one(partial(_claim, due, failed), now, failed)
        if done is None:
            break  # nothing due that another worker does not hold
        handled += done
    return handled


def anything_due(now: datetime | None = None) -> bool:
    """Whether a row is due: a plain read, so an idle drain polling it takes no write lock (on
    SQLite every claim's transaction takes the one writer at its BEGIN)."""
    return InboxMessage.objects.filter(
        handled_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now or clock.now()
    ).exists()


def _handle_one(
    claim: Callable[[], InboxMessage | None], now: datetime | None, failed: list[int]
) -> bool | None:
    """Claim a row and handle it in one transaction: True when handled, False when it raised
    (rolled back, marked for a later try, and added to `failed`), None when there was nothing to
    claim or the database itself failed.

    One row a transaction on both engines: a report's transaction holds the month's code counter
    and the event-order lock to its commit, so several rows a transaction made every other drain
    worker wait for the whole batch (docs/performance.md, the seventh sitting)."""
    row: InboxMessage | None = None
    try:
        with transaction.atomic():
            row = claim()
            if row is None:
                return None
            _handle(row, now)
        return True
    except Exception as exc:
        if row is None:  # the database itself: nothing was claimed; the next round tries again
            log.exception("inbox messages could not be claimed")
            return None
        log.exception("inbox message %s could not be handled", row.pk)
        failed.append(row.pk)
        try:
            _failed(row.pk, exc, now or clock.now())
        except Exception:
            log.exception("inbox message %s could not be marked for a later try", row.pk)
            return None
        return False


def _claim(due: datetime, failed: list[int]) -> InboxMessage | None:
    """The first row due at `due` that no other worker holds, locked to this transaction; by a
    statement written once while no row of this round failed (building the ORM's claim was a
    tenth of a chat message's drain, docs/performance.md)."""
    if not failed:
        return _DUE.first([MAX_ATTEMPTS, connection.ops.adapt_datetimefield_value(due)])
    claim = (
        InboxMessage.objects.filter(
            handled_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=due
        )
        .exclude(pk__in=failed)
        .order_by("next_attempt_at", "id")
    )
    if connection.features.has_select_for_update_skip_locked:
        claim = claim.select_for_update(skip_locked=True)
    return claim.first()


def _handle(row: InboxMessage, now: datetime | None) -> None:
    account = _accounts.get(row.account_id, lambda: _account(row.account_id))
    handler = import_string(HANDLERS[account.channel])
    outcome = handler(account, row, row.received_at)
    handled_at = connection.ops.adapt_datetimefield_value(now or clock.now())
    report_id = outcome.report.pk if outcome.report is not None else None
    with prepared.cursor() as cursor:
        cursor.execute(_HANDLED, [handled_at, outcome.kind, report_id, row.pk])


_accounts: Memo[ChannelAccount] = Memo("inbox_accounts", (ChannelAccount, Jurisdiction))
"""A row's account with its city, as the process remembers it (laksa.lib.memo): the door's task
handles one row a call, and read the account for each (docs/performance.md, the seventh
sitting). Shared by the process's threads: read it, never change it."""


def _account(pk: int) -> ChannelAccount:
    return ChannelAccount.objects.select_related("jurisdiction").get(pk=pk)


def _handled_sql() -> str:
    """A row marked handled, by a statement written once (it is written for every message)."""
    q = connection.ops.quote_name
    return (
        f"UPDATE {q(InboxMessage._meta.db_table)} SET {q('handled_at')} = %s, "  # noqa: S608
        f"{q('outcome')} = %s, {q('report_id')} = %s, {q('last_error')} = '' WHERE {q('id')} = %s"
    )


_HANDLED = _handled_sql()
_SKIP_LOCKED = (
    " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
)
"""A row another worker holds is skipped; on SQLite the write lock taken at BEGIN (transaction
mode IMMEDIATE) serialises workers and the WHERE re-checks the row."""
_q = connection.ops.quote_name
_DUE = prepared.Reader(
    InboxMessage,
    f"{_q('handled_at')} IS NULL AND {_q('attempts')} < %s AND {_q('next_attempt_at')} <= %s",
    f" ORDER BY {_q('next_attempt_at')}, {_q('id')} LIMIT 1{_SKIP_LOCKED}",
)
_FIRST_TRY = prepared.Reader(
    InboxMessage,
    f"{_q('id')} = %s AND {_q('handled_at')} IS NULL AND {_q('attempts')} = 0",
    _SKIP_LOCKED,
)
"""A row the door has just accepted, if it still waits for its first try and no other worker
holds it (the door's task: the ORM built the claim again for every message)."""


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed try: doubling from BACKOFF_FIRST up to BACKOFF_CAP."""
    return min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** max(attempts - 1, 0))


def _failed(pk: int, exc: Exception, now: datetime) -> None:
    attempts = InboxMessage.objects.filter(pk=pk).values_list("attempts", flat=True).first()
    if attempts is None:
        return
    error = "".join(traceback.format_exception_only(exc)).strip()
    InboxMessage.objects.filter(pk=pk, handled_at__isnull=True).update(
        attempts=attempts + 1,
        last_error=error[:2000],
        next_attempt_at=now + backoff(attempts + 1),
    )


def drain(*, max_seconds: float = 50.0, batch: int = BATCH) -> int:
    """Handle what is due, batch after batch, for up to `max_seconds`; returns how many."""
    until = time.monotonic() + max_seconds
    total = 0
    while time.monotonic() < until:
        handled = handle_pending(batch)
        total += handled
        if not handled:
            break
    return total


def retry(rows: Iterable[InboxMessage], now: datetime | None = None) -> int:
    """Give rows that failed (or were given up) a new round of tries, due now."""
    return InboxMessage.objects.filter(
        pk__in=[row.pk for row in rows], handled_at__isnull=True
    ).update(attempts=0, next_attempt_at=now or clock.now())
