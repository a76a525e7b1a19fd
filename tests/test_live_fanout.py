"""Fan-out across processes: with polling slowed to 30 s, an event committed in this process
still reaches a stream served by another process at once, woken by PostgreSQL NOTIFY or by Redis
pub/sub, and on every worker of a two-worker server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection

from tests import asgi_server
from tests.asgi_server import open_stream

pytestmark = pytest.mark.django_db(transaction=True)
SLOW_POLL = {"LAKSA_LIVE_SAFETY_POLL": "30", "LAKSA_LIVE_POLL": "30"}
REDIS_URL = "redis://127.0.0.1:6379/15"


def _arrives_quickly(server: Any, make_report: Any, streams: int = 6) -> None:
    opened = [open_stream(server, last_id=0) for _ in range(streams)]
    time.sleep(0.5)  # let every worker's hub start listening
    report = make_report(seed=1)
    committed = time.monotonic()
    for stream in opened:
        assert [e["code"] for e in stream.take(1, timeout=5)] == [report.code]
        stream.close()
    assert time.monotonic() - committed < 3  # far below the 30 s poll


@pytest.mark.postgres
def test_postgres_notify_wakes_every_worker(tmp_path: Path, make_report: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL (make test-pg runs this)")
    with asgi_server.running(tmp_path, workers=2, env=SLOW_POLL) as server:
        _arrives_quickly(server, make_report)


def test_redis_pubsub_wakes_every_worker(tmp_path: Path, make_report: Any, settings: Any) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL NOTIFY would wake the stream first; this checks Redis alone")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as exc:  # pragma: no cover - CI starts Redis
        pytest.fail(f"Redis is not running at {REDIS_URL}: {exc}")
    settings.LAKSA_REDIS_URL = REDIS_URL  # this process publishes after each commit
    env = {**SLOW_POLL, "LAKSA_REDIS_URL": REDIS_URL}
    with asgi_server.running(tmp_path, workers=2, env=env) as server:
        _arrives_quickly(server, make_report)


def test_without_push_a_second_process_still_gets_events_by_polling(
    tmp_path: Path, make_report: Any
) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL always pushes")
    with asgi_server.running(tmp_path, workers=2) as server:  # 0.25 s poll, no Redis
        _arrives_quickly(server, make_report)


def test_one_wake_up_per_engine(settings: Any) -> None:
    """PostgreSQL's NOTIFY reaches every process, so Redis is neither published to nor listened
    on there: a PUBLISH after every commit was a round trip for nothing. Without PostgreSQL,
    Redis when configured."""
    from laksa.live import fanout

    settings.LAKSA_REDIS_URL = REDIS_URL
    if connection.vendor == "postgresql":
        assert fanout.listeners() == [fanout.listen_postgres]
    else:
        assert fanout.listeners() == [fanout.listen_redis]
    settings.LAKSA_REDIS_URL = ""
    assert fanout.listeners() == (
        [fanout.listen_postgres] if connection.vendor == "postgresql" else []
    )


def test_a_commit_publishes_on_redis_only_without_postgresql(
    make_report: Any, settings: Any
) -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=1)
    settings.LAKSA_REDIS_URL = REDIS_URL
    with client.pubsub() as pubsub:
        pubsub.subscribe("laksa:events")
        assert pubsub.get_message(timeout=1)["type"] == "subscribe"
        make_report(seed=2)
        got = pubsub.get_message(timeout=1)
    if connection.vendor == "postgresql":
        assert got is None  # NOTIFY woke everyone already
    else:
        assert got is not None and got["type"] == "message"
