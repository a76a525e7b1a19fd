"""Django's SQLite backend, with write transactions queued instead of left to SQLite's busy
handler.

SQLite lets one transaction write at a time; Laksa's begin with BEGIN IMMEDIATE, so a second
writer waits at BEGIN. SQLite's own waiting is a sleep that grows to 100 ms between tries: with
eight page threads posting reports, the writer lock sat free while the next writer slept, and
more than half of a POST's time was that sleep (docs/performance.md). Here a writer first takes
its process's lock (its other threads wait there, woken the moment it is free), then an exclusive
flock(2) on a file beside the database (one queue for every process on the machine: web workers,
the background worker, the intake drain; tried again within a millisecond), then BEGIN
IMMEDIATE, which then has nothing to wait for; both are let go when the transaction ends. After
the database's `timeout` the writer gives up with the same "database is locked" SQLite raises.

A write outside a transaction (a bare UPDATE in autocommit) still waits SQLite's way; an
in-memory database has nothing to share and is left alone.

The WAL's checkpoints are taken off the writers by a thread of each process (checkpoints.py):
a committing writer would otherwise copy a thousand pages back and fsync while the others wait.
"""

from __future__ import annotations

import fcntl
import functools
import os
import threading
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

from laksa.lib.sqlite import checkpoints


class _Queue:
    """The writers of one database file: a lock for this process's threads, a file lock for the
    processes. Made once per file and process (after a fork, afresh: see `queue_for`)."""

    def __init__(self, path: str) -> None:
        self.threads = threading.Lock()
        self.fd = os.open(path + ".writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def take(self, timeout: float) -> None:
        if not self.threads.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            self._take_file(time.monotonic() + timeout)
        except BaseException:
            self.threads.release()
            raise

    def _take_file(self, deadline: float) -> None:
        """The file lock, tried again at growing pauses (50 µs to 1 ms: a writer holds it a
        millisecond or two). Only one thread of each process tries; the others wait on
        `threads`, woken at once."""
        pause = 0.00005
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.001)

    def give(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.threads.release()


_queues: dict[tuple[int, str], _Queue] = {}
_made = threading.Lock()


def queue_for(path: str) -> _Queue:
    key = (os.getpid(), path)  # a forked worker must not share its parent's lock or descriptor
    queue = _queues.get(key)
    if queue is None:
        with _made:
            queue = _queues.get(key)
            if queue is None:
                queue = _queues[key] = _Queue(path)
    return queue


def _qmark(query: str) -> str:
    if len(query) > 8000:  # a bulk insert's: run rarely, and not to be kept by the thousand
        return _converted(query)
    return _remembered(query)


def _converted(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


_remembered = functools.lru_cache(maxsize=2048)(_converted)


class _Cursor(base.SQLiteCursorWrapper):
    """Django's, with each statement's "%s" placeholders made "?" once, not on every run: the
    regular expression over a report's INSERT was 3% of an Open311 POST (docs/performance.md,
    "The ninth sitting"), some of it inside the one writer."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)  # type: ignore[no-any-return]


class DatabaseWrapper(base.DatabaseWrapper):
    _queued: _Queue | None = None

    def create_cursor(self, name: str | None = None) -> _Cursor:
        return self.connection.cursor(factory=_Cursor)  # type: ignore[no-any-return]

    def get_new_connection(self, conn_params: dict) -> object:  # type: ignore[type-arg]
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            connection.execute(f"PRAGMA wal_autocheckpoint={checkpoints.writers_checkpoint_at()}")
        return connection

    def _start_transaction_under_autocommit(self) -> None:
        queue = None if self.is_in_memory_db() else queue_for(str(self.settings_dict["NAME"]))
        if queue is not None:
            queue.take(float(self.settings_dict["OPTIONS"].get("timeout", 5)))
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            if queue is not None:
                queue.give()
            raise
        self._queued = queue

    def _commit(self) -> None:
        super()._commit()  # type: ignore[misc]
        wrote = self._queued is not None
        self._let_go()  # a failed commit keeps the queue until its rollback
        if wrote:
            checkpointer = checkpoints.checkpointer_for(str(self.settings_dict["NAME"]))
            if checkpointer is not None:
                checkpointer.committed()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._let_go()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._let_go()

    def _let_go(self) -> None:
        queue, self._queued = self._queued, None
        if queue is not None:
            queue.give()
