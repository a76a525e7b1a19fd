"""A few posts per minute per client address (settings.LAKSA_RATES["guestbook"], counted by
laksa.lib.throttle in Django's cache): enough to stop a script filling the LIVE Room's queue,
never a person. With several web processes the cache must be shared (Redis) for the count to be
one count."""

from __future__ import annotations

from django.http import HttpRequest

from laksa.lib import throttle

LIMIT = 5
"""Posts per client address per minute by default (LAKSA_RATE_GUESTBOOK)."""


def client_address(request: HttpRequest) -> str:
    return throttle.client_ip(request)


def allow(request: HttpRequest, *, scope: str) -> bool:
    """Count this request; False once the address made more than its rate allows."""
    return throttle.hit(scope, client_address(request)).allowed
