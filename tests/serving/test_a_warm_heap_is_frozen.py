"""Each long-lived process (web worker, background worker, intake drain) freezes its warm heap
after its first 100 units of work, then at 1,000, 10,000...: a full collection had walked some
180,000 objects for 100-160 ms in the middle of a request or of a write (laksa.lib.heap)."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from huey import MemoryHuey

from laksa.lib import heap


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """heap.settle recorded instead of run: the test process's own heap stays as it is."""
    calls: list[int] = []
    heap.reset()
    monkeypatch.setattr(heap, "settle", lambda: calls.append(heap._done))
    yield calls
    heap.reset()


def test_the_heap_is_settled_at_100_then_1000_units(settled: list[int]) -> None:
    for _ in range(99):
        heap.worked()
    assert settled == []
    heap.worked()
    assert settled == [100]
    heap.worked(899)
    assert settled == [100]
    heap.worked(2)
    assert settled == [100, 1001]
    heap.worked(0)
    heap.worked(8000)
    assert settled == [100, 1001]
    heap.worked(1000)
    assert settled == [100, 1001, 10001]


def test_settling_freezes_what_is_alive_and_a_full_collection_skips_it() -> None:
    kept = [[i] for i in range(1000)]  # tracked containers, alive
    try:
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
        walked = {id(o) for o in gc.get_objects()}
        assert not any(id(x) in walked for x in kept)
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_a_web_worker_settles_after_its_hundredth_request(settled: list[int]) -> None:
    import laksa.wsgi  # what gunicorn loads in each worker

    heap.reset()
    settled.clear()
    importlib.reload(laksa.wsgi)
    assert settled == [0]  # what the imports made, at the start
    settled.clear()

    client = Client()
    for _ in range(99):
        client.get("/open311/v2/discovery.json")
    assert settled == []
    client.get("/open311/v2/discovery.json")
    assert settled == [100]


@pytest.mark.django_db
def test_the_intake_drain_counts_the_rows_it_handled(
    settled: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from laksa.intake import inbox

    passes = iter([60, 45, 0])
    monkeypatch.setattr(inbox, "handle_pending", lambda batch: next(passes))
    call_command("intake_drain", "--once", verbosity=0)
    assert settled == [0, 105]  # at the start, then past the hundredth row


def test_the_background_worker_counts_its_tasks_once_its_consumer_starts(
    settled: list[int],
) -> None:
    from huey.contrib.djhuey import HUEY

    import laksa.reports.tasks as report_tasks

    assert HUEY._startup["keep_the_heap_out_of_the_collector"] is (
        report_tasks.keep_the_heap_out_of_the_collector
    )
    queue = MemoryHuey(immediate=True)

    @queue.task()
    def job() -> None:
        pass

    job()  # not watched yet: tasks run at once in tests never count
    heap.watch_tasks(queue)
    heap.watch_tasks(queue)  # each worker thread starts it: one count still
    assert settled == [0]  # what the imports made, at the start
    for _ in range(99):
        job()
    assert settled == [0]
    job()
    assert settled == [0, 100]
