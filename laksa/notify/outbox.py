"""The outbox worker: claim due messages, send them through their account's provider, record
every attempt. Run by huey every minute (tasks.py) and by `laksa notify-send`.

A claim is a lease: the row turns `sending` and its `next_attempt_at` moves to the end of the
lease. A worker that dies after sending and before recording leaves the row `sending`; after the
lease another worker takes it and sends it again with the same `send_key`, which the provider
deduplicates (docs/channels.md says where that holds). Claims skip rows another worker has locked
on PostgreSQL; SQLite serialises writers anyway.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils.translation import gettext as _

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import SendError, Sent, own_ids, sender_for
from laksa.lib import clock
from laksa.lib.env import env_float, env_int
from laksa.notify.enqueue import account_for
from laksa.notify.models import Attempt, Message, MessageChannel, MessageStatus

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=env_int("NOTIFY_LEASE", 120))
"""How long a claimed row is left to its worker before another may take it: well above the
longest send (connect and read timeouts) times the rows a worker sends at once per thread."""
BATCH = env_int("NOTIFY_BATCH", 100)
THREADS = env_int("NOTIFY_THREADS", 8)
BACKOFF_FIRST = env_float("NOTIFY_BACKOFF_FIRST", 30.0)
BACKOFF_CAP = env_float("NOTIFY_BACKOFF_CAP", 3600.0)
MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 25)
GIVE_UP_AFTER = timedelta(hours=env_int("NOTIFY_GIVE_UP_HOURS", 72))
NO_CHANNEL_RETRY = timedelta(minutes=5)


@dataclass
class Outcome:
    message: Message
    sent: Sent | None = None
    error: SendError | None = None


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from BACKOFF_FIRST up to BACKOFF_CAP, with
    jitter so that messages that failed together (a gateway outage) do not retry together."""
    delay = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))


def claim(batch: int, *, now: datetime, lease: timedelta = LEASE) -> list[Message]:
    """Take up to `batch` due rows for this worker until `now + lease`."""
    with transaction.atomic():
        due = Message.objects.filter(
            status__in=[MessageStatus.QUEUED, MessageStatus.SENDING], next_attempt_at__lte=now
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due[:batch])
        if rows:
            Message.objects.filter(pk__in=[m.pk for m in rows]).update(
                status=MessageStatus.SENDING, claimed_at=now, next_attempt_at=now + lease
            )
    return rows


def _accounts(rows: list[Message]) -> dict[int, ChannelAccount | None]:
    """Each message's sending account now: its own if still active, else the city's current one
    (a channel configured after the message was queued, or one that replaced a retired account)."""
    ids = {m.account_id for m in rows if m.account_id}
    known = {a.pk: a for a in ChannelAccount.objects.filter(pk__in=ids, active=True)}
    current: dict[tuple[int, str], ChannelAccount | None] = {}
    chosen: dict[int, ChannelAccount | None] = {}
    for m in rows:
        account = known.get(m.account_id) if m.account_id else None
        if account is None:
            key = (m.jurisdiction_id, m.channel)
            if key not in current:
                current[key] = account_for(*key)
            account = current[key]
        chosen[m.pk] = account
    return chosen


def _send(message: Message, account: ChannelAccount | None) -> Outcome:
    try:
        return Outcome(message, sent=sender_for(account.kind if account else "")(message, account))
    except SendError as exc:
        return Outcome(message, error=exc)
    except Exception as exc:  # a bug in a sender must not stop the others: retried, and logged
        log.exception("sending message %s", message.pk)
        return Outcome(message, error=SendError(f"{type(exc).__name__}: {exc}"[:500]))


_pool: ThreadPoolExecutor | None = None


def _run(jobs: list[tuple[Message, ChannelAccount | None]], threads: int) -> list[Outcome]:
    global _pool
    if threads <= 1 or len(jobs) <= 1:
        return [_send(m, a) for m, a in jobs]
    if _pool is None or _pool._max_workers != threads:
        _pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="notify-send")
    return list(_pool.map(lambda job: _send(*job), jobs))


def send_due(
    *,
    batch: int = BATCH,
    now: datetime | None = None,
    lease: timedelta = LEASE,
    threads: int = THREADS,
    after_send: Callable[[], None] | None = None,
) -> int:
    """One round: claim, send outside any transaction, record. Returns the rows claimed."""
    pinned = now
    rows = claim(batch, now=pinned or clock.now(), lease=lease)
    if not rows:
        return 0
    accounts = _accounts(rows)
    # Only e-mail can go without an account (Django's EMAIL_* settings); every other channel
    # waits, queued and shown to operators, until the city has an active account for it.
    waiting = [m for m in rows if m.channel != MessageChannel.EMAIL and accounts[m.pk] is None]
    jobs = [
        (m, accounts[m.pk]) for m in rows if m.channel == MessageChannel.EMAIL or accounts[m.pk]
    ]
    outcomes = _run(jobs, threads)
    if after_send is not None:
        after_send()  # tests and the failure drill die here, between the send and its record
    record(outcomes, waiting, accounts, now=pinned or clock.now())
    return len(rows)


def record(
    outcomes: list[Outcome],
    waiting: list[Message],
    accounts: dict[int, ChannelAccount | None],
    *,
    now: datetime,
) -> None:
    """Write every attempt and each message's new state in one transaction."""
    attempts: list[Attempt] = []
    for outcome in outcomes:
        m = outcome.message
        m.attempts += 1
        m.account = accounts.get(m.pk)
        if outcome.sent is not None:
            m.status, m.sent_at, m.last_error = MessageStatus.SENT, now, ""
            m.provider_message_id = outcome.sent.provider_message_id
            attempts.append(
                Attempt(message=m, at=now, ok=True, http_status=outcome.sent.http_status)
            )
            continue
        error = outcome.error or SendError("unknown")
        permanent = error.permanent
        # The account's own ids stay readable: "Object with ID '…' does not exist" names the
        # Page or number operators must check.
        text = error.safe(own_ids(m.account))
        if not permanent and (m.attempts >= MAX_ATTEMPTS or m.created_at < now - GIVE_UP_AFTER):
            permanent = True
            text = (_("Menyerah setelah %(n)d percobaan: ") % {"n": m.attempts} + text)[:500]
        m.last_error = text
        if permanent:
            m.status = MessageStatus.FAILED
        else:
            m.status, m.next_attempt_at = MessageStatus.QUEUED, now + backoff(m.attempts)
        attempts.append(
            Attempt(
                message=m,
                at=now,
                ok=False,
                permanent=permanent,
                http_status=error.http_status,
                error=text,
            )
        )
    for m in waiting:
        m.status, m.next_attempt_at, m.account = MessageStatus.QUEUED, now + NO_CHANNEL_RETRY, None
        m.last_error = _("Belum ada akun kanal %(channel)s yang aktif.") % {
            "channel": m.get_channel_display()
        }
    changed = [o.message for o in outcomes] + waiting
    with transaction.atomic():
        Attempt.objects.bulk_create(attempts)
        _write(changed)


def _write(rows: list[Message]) -> None:
    """Each row's new state: one statement run for every row (bulk_update's CASE expressions
    cost more than the sending itself at a hundred rows)."""
    table = connection.ops.quote_name(Message._meta.db_table)
    fields = [
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "last_error",
        "account_id",
    ]
    columns = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in fields)
    when = connection.ops.adapt_datetimefield_value
    params = [
        (
            m.status,
            m.attempts,
            when(m.next_attempt_at),
            when(m.sent_at),
            m.provider_message_id,
            m.last_error,
            m.account_id,
            m.pk,
        )
        for m in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", params)  # noqa: S608


def drain(
    *,
    batch: int = BATCH,
    threads: int = THREADS,
    lease: timedelta = LEASE,
    max_seconds: float | None = None,
    now: datetime | None = None,
) -> int:
    """Send rounds until nothing is due (or the time is up); returns the rows handled."""
    started = time.monotonic()
    total = 0
    while True:
        handled = send_due(batch=batch, now=now, lease=lease, threads=threads)
        total += handled
        if handled == 0:
            return total
        if max_seconds is not None and time.monotonic() - started > max_seconds:
            return total
