"""The API request log (ApiRequest) written off the request's path: a web process keeps the rows
of the requests it answered in memory and writes them together, in one transaction of a few
INSERTs, once LAKSA_API_LOG_BATCH rows wait, or the oldest has waited LAKSA_API_LOG_SECONDS, or
the process ends. A keyed Open311 or API request then costs no write of its own on the primary
database (SQLite has one writer: every request's INSERT and UPDATE queued behind the reports).

When the rows are written:
- after an answer has gone out (Django's request_finished), when the batch is full or old;
- by a timer thread (started with the first row, when LAKSA_API_LOG_SECONDS > 0), so a process
  that has gone quiet does not keep its last rows;
- at a clean shutdown: atexit (a gunicorn worker exits normally on TERM or INT), and the ASGI
  lifespan's shutdown (laksa/asgi.py: uvicorn ends its process by raising the signal again,
  so atexit never runs there);
- when `flush()` is called.

What a crash loses: a process killed without a chance to exit (kill -9, the OOM killer, power
lost) loses the rows it had not written yet: at most LAKSA_API_LOG_BATCH rows or
LAKSA_API_LOG_SECONDS of its requests. That is acceptable for this log: it is the record of
who called and how they were answered, not what any rate is counted from (the cache counts it,
org.keys.check_rate) and not anything a citizen sent (a report is committed before its answer
goes out, whatever happens to the log). Making it durable would mean a write per request again.

Each row also sets its application's `last_used_at` (and, through `logged`, a staff token's),
so those lag by the same few seconds."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connections, transaction
from django.db.models import Q
from django.dispatch import Signal

from laksa.org.models import ApiRequest, Application

log = logging.getLogger("laksa.org.request_log")

logged = Signal()
"""Sent inside the transaction that wrote a batch, with `entries`: (the saved ApiRequest row, what
its door vouched for it: org.keys.log's `vouched`, the API's staff token, or None)."""

Entry = tuple[ApiRequest, Any]


@dataclass
class _Waiting:
    rows: list[Entry]
    since: float  # monotonic time of the oldest row


_lock = threading.Lock()
_waiting = _Waiting([], 0.0)
_flushing = threading.Lock()  # one batch written at a time per process, in order
_timer: threading.Thread | None = None
_wake = threading.Event()


def add(row: ApiRequest, vouched: Any = None) -> None:
    """Keep one unsaved row (and what its door vouched for it) to be written with the next batch."""
    global _timer
    with _lock:
        if not _waiting.rows:
            _waiting.since = time.monotonic()
        _waiting.rows.append((row, vouched))
        full = len(_waiting.rows) >= max(1, settings.LAKSA_API_LOG_BATCH)
        start_timer = _timer is None and _seconds() > 0
        if start_timer:
            _timer = threading.Thread(target=_run_timer, name="laksa-api-log", daemon=True)
    if start_timer:
        _timer.start()  # type: ignore[union-attr]
    if full:
        _wake.set()


def waiting() -> int:
    """How many rows wait to be written."""
    with _lock:
        return len(_waiting.rows)


def due() -> bool:
    """Is the batch full, or has its oldest row waited long enough?"""
    with _lock:
        if not _waiting.rows:
            return False
        if len(_waiting.rows) >= max(1, settings.LAKSA_API_LOG_BATCH):
            return True
        seconds = _seconds()
        return seconds > 0 and time.monotonic() - _waiting.since >= seconds


def flush() -> int:
    """Write every waiting row now, in one transaction; returns how many were written. A batch the
    database refuses (it is down, a disk full) is logged and dropped: the log must never take
    the service down with it, nor grow without bound in memory."""
    with _flushing:
        with _lock:
            rows, _waiting.rows = _waiting.rows, []
        if not rows:
            return 0
        try:
            _write(rows)
        except IntegrityError:
            # An application deleted since its request was answered (the row's key is gone):
            # its rows are kept without it, as deleting it would have left them.
            try:
                _write(_without_deleted(rows))
            except DatabaseError:
                log.exception("API request log: %d rows could not be written", len(rows))
                return 0
        except DatabaseError:
            log.exception("API request log: %d rows could not be written", len(rows))
            return 0
        return len(rows)


def flush_if_due(**kwargs: Any) -> None:
    """request_finished's receiver: the answer has gone out; write the batch if it is due and no
    timer thread will (the timer writes a full batch at once, beside the next request)."""
    if _timer is None and due():
        try:
            flush()
        except Exception:  # never let the log fail a response's close
            log.exception("API request log: flush failed")


def forget() -> None:
    """Drop the waiting rows unwritten (tests: a rolled-back test's rows name rows that are gone)."""
    with _lock:
        _waiting.rows = []


def _write(entries: list[Entry]) -> None:
    with transaction.atomic():
        ApiRequest.objects.bulk_create([row for row, _vouched in entries])
        for app_id, at in latest_use((r.application_id, r.at) for r, _vouched in entries).items():
            Application.objects.filter(pk=app_id).filter(
                Q(last_used_at__lt=at) | Q(last_used_at=None)
            ).update(last_used_at=at)
        logged.send(sender=ApiRequest, entries=entries)


def latest_use(uses: Iterable[tuple[int | None, datetime]]) -> dict[int, datetime]:
    """The latest time of each id among (id, time) pairs, None ids left out."""
    latest: dict[int, datetime] = {}
    for pk, at in uses:
        if pk is not None and (pk not in latest or at > latest[pk]):
            latest[pk] = at
    return latest


def _without_deleted(entries: list[Entry]) -> list[Entry]:
    """The rows again, unsaved, without the applications deleted meanwhile."""
    ids = {row.application_id for row, _vouched in entries if row.application_id is not None}
    known = set(Application.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [
        (
            ApiRequest(
                application_id=row.application_id if row.application_id in known else None,
                method=row.method,
                path=row.path,
                status=row.status,
                at=row.at,
            ),
            vouched,
        )
        for row, vouched in entries
    ]


def _seconds() -> float:
    return float(settings.LAKSA_API_LOG_SECONDS)


def _run_timer() -> None:
    """The timer thread: writes what waits every LAKSA_API_LOG_SECONDS (sooner when a batch is
    full), with its own database connection, dropped when it is too old or broken. Ends when
    the setting becomes 0 (a test that started it)."""
    global _timer
    while True:
        seconds = _seconds()
        if seconds <= 0:
            with _lock:
                _timer = None
            connections.close_all()  # this thread's own
            return
        _wake.wait(seconds)
        _wake.clear()
        if not waiting():
            continue
        close_old_connections()
        try:
            flush()
        except Exception:
            log.exception("API request log: flush failed")


def stop_timer() -> None:
    """Wake the timer thread to see LAKSA_API_LOG_SECONDS again (at 0 it ends), and wait for it."""
    thread = _timer
    _wake.set()
    if _seconds() <= 0 and thread is not None and thread is not threading.current_thread():
        thread.join(5)


def _after_fork() -> None:
    """A forked child starts with no rows (its parent writes its own) and no timer thread."""
    global _lock, _flushing, _timer
    _lock, _flushing, _timer = threading.Lock(), threading.Lock(), None
    _waiting.rows = []
    _wake.clear()


def _at_exit() -> None:
    try:
        flush()
    except Exception:
        log.exception("API request log: the last rows could not be written at exit")


os.register_at_fork(after_in_child=_after_fork)
atexit.register(_at_exit)
