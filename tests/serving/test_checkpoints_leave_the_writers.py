"""SQLite's WAL checkpoints are taken by a thread of each process, not by the commit that happens
to take the WAL past a thousand pages while every other writer waits (laksa.lib.sqlite.checkpoints).

Each case runs a process of its own on a database file of its own, and reads that file with
`immutable=1`, which sees the database file alone and never the WAL: a row is there only once
a checkpoint has copied it back. Such a read takes no lock, so one made while a checkpoint is
copying may fail; it counts as "not yet"."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's WAL only")

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import json, sqlite3, sys, threading, time
import django
django.setup()
import django.db
from django.db import connection, transaction

path, rows, wait = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
django.db.connections.settings["default"]["NAME"] = path
for _ in range(rows):
    with transaction.atomic():  # one commit a row, as reports are written
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO tally (who) VALUES (%s)", ["x" * 4000])
writers_at = connection.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0]

def in_the_file():
    # immutable=1 takes no lock: a read while the thread copies pages back can meet a page
    # half written, which says "not yet", never a count.
    file = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return file.execute("SELECT count(*) FROM tally").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        file.close()

right_after = in_the_file()
seen = right_after
deadline = time.monotonic() + wait
while seen != rows and time.monotonic() < deadline:
    time.sleep(0.05)
    seen = in_the_file()
threads = sorted(t.name for t in threading.enumerate() if t.name == "laksa-checkpoint")
print(json.dumps([writers_at, right_after, seen, threads]))
"""


def _write(
    path: Path, rows: int, wait: float, seconds: str
) -> tuple[int, int | None, int | None, list[str]]:
    """(the writers' own checkpoint in pages, rows in the database file right after the last
    commit, rows in it after up to `wait` seconds, the checkpoint threads) of a process that
    commits `rows` rows of 4 KB each, one transaction each."""
    env = {**os.environ, "LAKSA_SQLITE_CHECKPOINT_SECONDS": seconds}
    env.pop("LAKSA_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", WRITER, str(path), str(rows), str(wait)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    writers_at, right_after, later, threads = json.loads(out.stdout)
    return writers_at, right_after, later, threads


@pytest.fixture
def tally(tmp_path: Path) -> Path:
    path = tmp_path / "wal.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, who TEXT)")
    db.close()  # the last connection: the table is copied into the file
    return path


def test_no_writer_checkpoints_past_a_thousand_pages(tally: Path) -> None:
    # The thread waits a minute after the first commit: whatever reaches the file before that
    # was copied by a writer. 1,200 rows of 4 KB are past SQLite's default of 1,000 pages.
    writers_at, right_after, _, threads = _write(tally, 1200, 0, seconds="60")
    assert writers_at == 10_000  # only a backstop
    assert right_after == 0
    assert threads == ["laksa-checkpoint"]


def test_the_thread_copies_the_commits_into_the_file(tally: Path) -> None:
    writers_at, _, later, threads = _write(tally, 50, 20, seconds="0.1")
    assert writers_at == 10_000
    assert later == 50  # without another commit: the thread's checkpoint
    assert threads == ["laksa-checkpoint"]


def test_turned_off_the_writers_checkpoint_as_sqlite_does(tally: Path) -> None:
    writers_at, right_after, _, threads = _write(tally, 1200, 0, seconds="0")
    assert writers_at == 1000
    assert 900 <= right_after < 1200  # the commit past 1,000 pages copied them
    assert threads == []
