"""A few posts per minute per client address, counted in Django's cache: enough to stop a
script filling the LIVE Room's queue, never a person. With several web processes the cache must
be shared (Redis) for the count to be one count."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from laksa.lib import clock

WINDOW = 60
"""Seconds."""
LIMIT = 5
"""Posts per client address per window."""


def client_address(request: HttpRequest) -> str:
    # The proxy in front sets REMOTE_ADDR (uvicorn --proxy-headers, gunicorn's forwarded-allow-ips);
    # X-Forwarded-For as sent by the client is not trusted here.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def allow(request: HttpRequest, *, scope: str, limit: int = LIMIT, window: int = WINDOW) -> bool:
    """Count this request; False once the address made more than `limit` in this window."""
    slot = int(clock.now().timestamp() // window)
    key = f"laksa:throttle:{scope}:{client_address(request)}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
