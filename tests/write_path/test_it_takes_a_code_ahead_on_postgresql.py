"""Issue 15, the write path on PostgreSQL: a new report's code is taken in a transaction of its
own, so the month's counter row is not locked while the report's rows are written. Before, every
report of the city waited on that row for the one before it to commit (reports_actions._core,
`_code_ahead`)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction

from laksa.lib import clock
from laksa.reports.actions._core import _code_ahead
from laksa.reports.events import event_recorded
from laksa.reports.models import CodeCounter, Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's one writer is held for the whole transaction: the code stays inside")


def test_a_report_being_written_does_not_hold_the_next_ones_code(
    postgres: None, make_report: Any
) -> None:
    make_report(seed=1)  # the month's counter exists
    inside = threading.Event()
    go_on = threading.Event()
    first: dict[str, Any] = {}

    def hold_inside(sender: Any, event: Any, **kwargs: Any) -> None:
        if threading.current_thread().name == "slow" and not inside.is_set():
            inside.set()
            go_on.wait(10)

    def slow_report() -> None:
        try:
            first["report"] = make_report(seed=2, description="Laporan yang lambat ditulis")
        finally:
            connections.close_all()

    event_recorded.connect(hold_inside, dispatch_uid="test-hold-inside")
    slow = threading.Thread(target=slow_report, name="slow")
    try:
        slow.start()
        assert inside.wait(10), "the slow report never reached its transaction"
        # The slow report's transaction is open with its rows written. Another connection must
        # still get a code at once: the counter row is not locked by the slow report.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            quick = make_report(seed=3, description="Laporan yang tidak menunggu")
        assert not first, "the slow report committed first: nothing was tested"
    finally:
        go_on.set()
        slow.join(10)
        event_recorded.disconnect(dispatch_uid="test-hold-inside")
    slow_code = first["report"].code
    assert slow_code < quick.code  # the code was taken first, the report committed last
    assert Report.objects.filter(code__in=[slow_code, quick.code]).count() == 2
    assert CodeCounter.objects.get().last == 3


def test_inside_a_callers_transaction_the_code_is_taken_with_the_report(
    postgres: None, make_report: Any
) -> None:
    """The chat drain writes a report inside its own transaction: one code, rolled back with it."""
    make_report(seed=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_report(seed=2)
        raise RuntimeError("the caller's transaction fails")
    assert make_report(seed=3).code.endswith("-00002")  # no number lost with the rollback


def test_the_code_is_one_statement_in_autocommit(postgres: None, make_report: Any) -> None:
    """The code's UPDATE is its own transaction: in an atomic() block, psycopg sent BEGIN and
    then COMMIT, two more round trips for every report (docs/performance.md, the tenth sitting)."""
    make_report(seed=1)  # the month's counter exists
    seen: list[bool] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "reports_codecounter" in sql and "UPDATE" in sql:
            seen.append(connection.get_autocommit())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        report = make_report(seed=2)
    assert seen == [True]
    assert report.code.endswith("-00002")


def test_the_codes_own_commit_does_not_wait_for_the_disk(postgres: None, make_report: Any) -> None:
    """The code's transaction commits with synchronous_commit off: its WAL is written to disk
    with the report's own commit, which waits (the WAL is one sequence), so a POST waits for the
    disk once, not twice. The statement the code is taken by, run again inside a transaction,
    leaves the setting off for that transaction alone."""
    city = make_report(seed=1).jurisdiction  # the month's counter exists
    sent: list[tuple[str, Any]] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert _code_ahead(city, clock.now())
    (statement,) = [(sql, params) for sql, params in sent if "reports_codecounter" in sql]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(*statement)
        cursor.execute("SELECT current_setting('synchronous_commit')")
        assert cursor.fetchone()[0] == "off"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        assert cursor.fetchone()[0] == "on"  # the next transaction's commits wait again
