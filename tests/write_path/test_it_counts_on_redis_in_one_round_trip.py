"""Issue 15, the write path: on Redis a rate is counted in one round trip by a client kept for
the process (laksa.lib.redis_cache), not in three by two clients built for the call (Django's
own backend); the counter still starts at 0, keeps its expiry and refuses past the rate. Real
Redis, never a mock of it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache import cache
from redis.connection import Connection

from laksa.lib import signin, throttle

pytestmark = pytest.mark.usefixtures("rate_window")

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def on_redis(settings: Any) -> Iterator[str]:
    prefix = f"laksa-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "laksa.lib.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """What reaches Redis: packets sent (a pipeline is one) and `redis.Redis` clients built."""
    seen = {"sent": 0, "clients": 0}
    send, build = Connection.send_packed_command, redis.Redis.__init__

    def counted_send(self: Connection, *args: Any, **kwargs: Any) -> Any:
        seen["sent"] += 1
        return send(self, *args, **kwargs)

    def counted_build(self: redis.Redis, *args: Any, **kwargs: Any) -> None:
        seen["clients"] += 1
        build(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted_send)
    monkeypatch.setattr(redis.Redis, "__init__", counted_build)
    return seen


def test_a_hit_is_one_round_trip_on_a_kept_client(on_redis: str, calls: dict[str, int]) -> None:
    rate = throttle.Rate(3, 60)
    throttle.hit("report", "10.0.0.1", rate)  # the first builds the process's client
    calls.update(sent=0, clients=0)

    verdicts = [throttle.hit("report", "10.0.0.1", rate) for _ in range(4)]

    assert [v.count for v in verdicts] == [2, 3, 4, 5]
    assert [v.allowed for v in verdicts] == [True, True, False, False]
    assert calls == {"sent": 4, "clients": 0}


def test_a_counter_starts_at_zero_and_keeps_its_expiry(on_redis: str) -> None:
    rate = throttle.Rate(10, 60)
    assert throttle.hit("support", "10.0.0.2", rate).count == 1
    assert throttle.peek("support", "10.0.0.2", rate).count == 1

    server = redis.Redis.from_url(REDIS_URL)
    (key,) = list(server.scan_iter(f"{on_redis}:*"))
    assert 0 < server.ttl(key) <= 65
    assert int(server.get(key)) == 1  # stored as Django's cache stores an int: peek reads it


def test_a_counter_that_expired_is_made_again_with_its_expiry(on_redis: str) -> None:
    """INCR alone after an expiry would make a counter that never expires: the count and its
    expiry are set in one MULTI."""
    assert throttle.count_in_cache("laksa:test:gone", 60) == 1
    server = redis.Redis.from_url(REDIS_URL)
    (key,) = list(server.scan_iter(f"{on_redis}:*"))
    server.delete(key)  # as if it expired

    assert throttle.count_in_cache("laksa:test:gone", 60) == 1
    assert 0 < server.ttl(key) <= 60


def test_other_cache_calls_share_the_kept_client(on_redis: str, calls: dict[str, int]) -> None:
    cache.set("laksa:test:one", {"a": 1}, 30)
    calls.update(sent=0, clients=0)

    assert cache.get("laksa:test:one") == {"a": 1}
    cache.set("laksa:test:two", 2, 30)
    assert cache.get("laksa:test:two") == 2

    assert calls == {"sent": 3, "clients": 0}


def test_a_usernames_failures_are_counted_on_redis_too(on_redis: str) -> None:
    """Sign-in failures share the counter: the lock still comes after the configured number."""
    key = signin._user_key("budi", "failures")
    counts = [throttle.count_in_cache(key, signin.FAILURES_KEPT) for _ in range(3)]
    assert counts == [1, 2, 3]
