"""Events are announced after commit only, and ids reach the stream in commit order even when
many operators act at once (on PostgreSQL ids come from a sequence, so this needs the lock in
reports/events.py)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from laksa.reports import actions
from laksa.reports.events import event_committed
from laksa.reports.models import Report, ReportEvent
from tests import asgi_server
from tests.asgi_server import open_stream

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def announced() -> Any:
    got: list[int] = []

    def receiver(last_id: int, **_: Any) -> None:
        got.append(last_id)

    event_committed.connect(receiver)
    yield got
    event_committed.disconnect(receiver)


def test_an_event_is_announced_after_its_commit(make_report: Any, announced: list[int]) -> None:
    with transaction.atomic():
        report = make_report(seed=1)
        assert announced == []  # not yet: the transaction may still roll back
    assert announced == [ReportEvent.objects.get(report=report).pk]


def test_a_rolled_back_event_is_never_announced(
    make_report: Any, operator: Any, announced: list[int]
) -> None:
    report = make_report(seed=1)
    announced.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.verify_report(report, by=operator)
        raise RuntimeError
    assert announced == []
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_concurrent_operators_lose_and_double_nothing_on_the_stream(
    tmp_path: Path, make_report: Any
) -> None:
    reports = [make_report(seed=i) for i in range(1, 5)]
    with asgi_server.running(tmp_path) as server:
        stream = open_stream(server, last_id=0)
        errors: list[BaseException] = []

        def support(report: Report, worker: int) -> None:
            try:
                for n in range(15):
                    actions.add_support(report, session_key=f"w{worker}-{n}")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=support, args=(r, i)) for i, r in enumerate(reports)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        expected = list(ReportEvent.objects.order_by("id").values_list("id", flat=True))
        assert len(expected) == 4 + 4 * 15
        got = [e["id"] for e in stream.take(len(expected), timeout=20)]
        assert got == expected
        assert stream.quiet_for(1) == []
        stream.close()
