"""Django's Redis cache, keeping one client per connection pool, with a counter that costs one
round trip.

Django's RedisCacheClient builds a new `redis.Redis` for every get, set or incr (redis-py fills a
table of some 170 response callbacks in each), and its `incr` asks EXISTS before INCRBY. A rate
limit's add-then-incr was so three round trips and two clients: 0.77 ms of CPU on this 2-core
machine, for every keyed Open311 call and every report. A `redis.Redis` is safe to share between
threads (each command borrows a connection from the pool), so one per pool is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's, unstubbed
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClients

    def count(self, key: str, timeout: int) -> int:
        """One more under `key`, which starts at 0 and expires `timeout` seconds after it was
        made; the new count. One round trip: SET NX with its expiry and INCR in one MULTI, so a
        counter is never left without its expiry (INCR alone after an expiry would make one)."""
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipe.set(key, 0, ex=timeout, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])
