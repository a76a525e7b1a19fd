"""Issue 15, the write path on PostgreSQL: an event's INSERT takes the lock that orders event ids
itself (lib.inserts.after), a round trip less for every action. The id must still be drawn only
once the lock is held, or a later commit could carry an earlier id and the live stream, which
resumes from the last id a client saw, would skip it (reports.events)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from laksa.lib.inserts import after
from laksa.reports.events import EVENT_LOCK, record_event
from laksa.reports.models import EventKind, ReportEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_statement_runs_first_then_inserts_from_its_row() -> None:
    sql = after(
        "SELECT pg_advisory_xact_lock(%s)",
        'INSERT INTO "t" ("a", "b") VALUES (%s, %s) RETURNING "t"."id"',
    )
    assert sql == (
        "WITH first AS MATERIALIZED (SELECT pg_advisory_xact_lock(%s)) "
        'INSERT INTO "t" ("a", "b") SELECT %s, %s FROM first RETURNING "t"."id"'
    )
    with pytest.raises(ValueError, match="not one row of VALUES"):
        after("SELECT 1", 'INSERT INTO "t" ("a") SELECT 1')


def _waiting_for_the_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND locktype = 'advisory' AND NOT granted",
            [pid],
        )
        return cursor.fetchone() is not None


def test_an_event_waiting_for_the_order_lock_draws_its_id_after_the_holder(
    make_report: Any,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's sequence and advisory lock; SQLite's writers are serialised")
    report = make_report(seed=1)
    waiting: dict[str, Any] = {}

    def record_while_held() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                waiting["pid"] = cursor.fetchone()[0]
            waiting["event"] = record_event(
                report=report, kind=EventKind.NOTE, actor_label="Uji", internal_note="menunggu",
                created_at=report.created_at,
            )  # fmt: skip
        except BaseException as exc:  # pragma: no cover - reported below
            waiting["error"] = exc
        finally:
            connections.close_all()

    later = threading.Thread(target=record_while_held)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOCK])
        later.start()
        deadline = time.monotonic() + 10
        while not (waiting.get("pid") and _waiting_for_the_lock(waiting["pid"])):
            assert time.monotonic() < deadline, f"the other event never waited: {waiting}"
            time.sleep(0.02)
        # The other event's statement is waiting for the lock this transaction holds; this one
        # draws its id now and commits first.
        first = record_event(
            report=report, kind=EventKind.NOTE, actor_label="Uji", internal_note="dulu",
            created_at=report.created_at,
        )  # fmt: skip
    later.join(10)
    assert "error" not in waiting, waiting.get("error")
    assert waiting["event"].pk > first.pk, "an id drawn before the lock: commit order broken"
    assert list(
        ReportEvent.objects.filter(internal_note__in=["dulu", "menunggu"])
        .order_by("id")
        .values_list("internal_note", flat=True)
    ) == ["dulu", "menunggu"]
