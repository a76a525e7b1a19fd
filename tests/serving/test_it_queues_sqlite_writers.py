"""SQLite's writers queue (laksa.lib.sqlite): the threads of a process and the processes of the
machine take turns at BEGIN IMMEDIATE, through a lock and a file lock, instead of sleeping in
SQLite's busy handler. With SQLite's own wait cut to a millisecond, two processes of six threads
writing at once all get through; a writer that cannot get its turn within the database's timeout
gets SQLite's own "database is locked"."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, threading, time
import django
django.setup()
from django.db import connection, transaction
import django.db

path, threads, rounds, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
settings = django.db.connections.settings["default"]
settings["NAME"] = path
settings["OPTIONS"]["timeout"] = timeout  # SQLite's own wait
if len(sys.argv) > 5:  # the queue's wait, when it is to be longer than SQLite's
    from laksa.lib.sqlite.base import _Queue
    take = _Queue.take
    _Queue.take = lambda queue, _timeout: take(queue, float(sys.argv[5]))
failures = []

def write(n):
    try:
        for _ in range(rounds):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO tally (who) VALUES (%s)", [str(n)])
                    time.sleep(0.002)  # a transaction's work
    except Exception as exc:
        failures.append(repr(exc))
    finally:
        connection.close()

workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
print("failures:", len(failures), failures[:1])
"""


@pytest.fixture
def tally(tmp_path: Path) -> Path:
    """A database file of its own with one table."""
    path = tmp_path / "tally.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, who TEXT)")
    return path


def _writers(
    path: Path, processes: int, threads: int, rounds: int, timeout: float, queue: float = 0
) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "laksa.settings"}
    env.pop("LAKSA_DATABASE_URL", None)  # SQLite, whatever engine the suite runs on
    command = [sys.executable, "-c", WRITER, str(path), str(threads), str(rounds), str(timeout)]
    command += [str(queue)] if queue else []
    running = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    return [proc.communicate(timeout=120)[0].strip() for proc in running]


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM tally").fetchone()[0])


def test_processes_and_threads_take_turns(tally: Path) -> None:
    outputs = _writers(tally, processes=2, threads=6, rounds=10, timeout=0.001, queue=60)
    assert outputs == ["failures: 0 []"] * 2
    assert _rows(tally) == 2 * 6 * 10


def test_a_writer_gives_up_after_the_timeout(tally: Path) -> None:
    with open(f"{tally}.writers", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process writing, for ever
        (output,) = _writers(tally, processes=1, threads=1, rounds=1, timeout=0.2)
    assert output.startswith("failures: 1") and "database is locked" in output
    assert _rows(tally) == 0
