"""SQLite's WAL checkpoints taken by a thread of their own, not by the writers.

In WAL mode a commit appends its pages to the -wal file, and SQLite's default has the commit
that takes the file past 1,000 pages copy them all back into the database and fsync both files
(a checkpoint) before it returns. That commit still holds the one writer of the city, and every
other writer waits: in one process, 2,000 Open311 POSTs spent 0.4 ms of wall time a POST in
checkpoints, against 0.07 ms without (docs/performance.md, "The ninth sitting").

Here every process that commits keeps one daemon thread per database file that, a moment after
commits, runs `PRAGMA wal_checkpoint(PASSIVE)` on a connection of its own. A passive checkpoint
takes no writer's lock and waits for no reader: writers go on appending while it copies. The
writers' own checkpoint is kept as a backstop at `BACKSTOP_PAGES` (about 40 MiB of WAL) for a
process whose thread cannot keep up. `LAKSA_SQLITE_CHECKPOINT_SECONDS` = 0 turns the thread
off and gives the writers SQLite's default back.

A checkpoint the thread cannot take (the file is busy with another process's checkpoint, a
disk error) is logged and tried again after the next commit; nothing is lost meanwhile: the
pages stay in the WAL, where every reader finds them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time

from django.conf import settings

log = logging.getLogger("laksa.lib.sqlite")

BACKSTOP_PAGES = 10_000
"""The writers' own checkpoint, for when the thread falls behind (SQLite's default is 1,000)."""


def seconds() -> float:
    """How long the thread gathers commits before a checkpoint; 0: no thread."""
    return float(getattr(settings, "LAKSA_SQLITE_CHECKPOINT_SECONDS", 0) or 0)


def writers_checkpoint_at() -> int:
    """The pages of WAL at which a committing writer checkpoints itself."""
    return BACKSTOP_PAGES if seconds() > 0 else 1000


class Checkpointer:
    """The thread for one database file in one process, woken by `committed()`."""

    def __init__(self, path: str, every: float) -> None:
        self.path, self.every = path, every
        self.dirty = threading.Event()
        self.thread = threading.Thread(target=self._run, name="laksa-checkpoint", daemon=True)
        self.thread.start()

    def committed(self) -> None:
        self.dirty.set()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        while True:
            self.dirty.wait()
            time.sleep(self.every)  # the commits of the next moment go in the same checkpoint
            self.dirty.clear()
            try:
                if connection is None:
                    connection = sqlite3.connect(
                        self.path, timeout=5, isolation_level=None, check_same_thread=False
                    )
                    connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                log.warning("SQLite checkpoint of %s failed; tried again later", self.path)
                if connection is not None:
                    connection.close()
                connection = None


_checkpointers: dict[tuple[int, str], Checkpointer] = {}
_made = threading.Lock()


def checkpointer_for(path: str) -> Checkpointer | None:
    """This process's thread for `path`, started on first use; None when turned off."""
    every = seconds()
    if every <= 0:
        return None
    key = (os.getpid(), path)  # a forked worker starts its own: threads do not survive a fork
    found = _checkpointers.get(key)
    if found is None:
        with _made:
            found = _checkpointers.get(key)
            if found is None:
                found = _checkpointers[key] = Checkpointer(path, every)
    return found
