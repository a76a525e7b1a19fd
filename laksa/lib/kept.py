"""A process's own copy of cache entries that never change once written, in front of Django's
cache (Redis when configured, else each process's memory).

The light reads and the kept pages are cached under keys that name everything they are made of
(the catalog's version, a page's stamp and minute): an entry is never rewritten, only no longer
asked for. So a process may keep what it has read without asking again: no round trip to Redis
and no unpickling (Django's in-memory cache unpickles on every read too), at most `size` entries,
all forgotten when full.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache import cache


class Kept:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        """The entry under `key`: this process's copy, else the shared cache's (then kept)."""
        value = self._values.get(key)
        if value is None:
            value = cache.get(key)
            if value is not None:
                self._keep(key, value)
        return value

    def set(self, key: str, value: Any, timeout: int) -> None:
        cache.set(key, value, timeout)
        self._keep(key, value)

    def forget(self) -> None:
        with self._lock:
            self._values.clear()

    def _keep(self, key: str, value: Any) -> None:
        with self._lock:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = value


_every: list[Kept] = []


def kept(size: int = 256) -> Kept:
    made = Kept(size)
    _every.append(made)
    return made


def forget_all() -> None:
    """Forget every process copy (tests: a cleared cache must not be answered from here)."""
    for one in _every:
        one.forget()
