"""Rate limits per client address and per account, counted in Django's cache (Redis when
LAKSA_REDIS_URL is set, else each process's memory), never in the primary database.

A rate is "count/seconds" (settings.LAKSA_RATES); a window is fixed, so a client may send up to
twice the count across a window's edge. Counting is one atomic `incr` per request (one round trip
on Redis, laksa.lib.redis_cache): twenty threads at once cannot slip past a limit. Without Redis,
each web process counts for itself.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from laksa.lib import clock


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """`"10/600"`: ten per 600 seconds. Raises ValueError when malformed."""
        count, _slash, seconds = text.partition("/")
        rate = cls(int(count), int(seconds))
        if rate.count < 0 or rate.seconds <= 0:
            raise ValueError(f"a rate is count/seconds, not {text!r}")
        return rate


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int
    """Seconds until the window ends (when a refused client may try again)."""


def rate_of(scope: str) -> Rate:
    return Rate.parse(settings.LAKSA_RATES[scope])


def _key(scope: str, who: str, slot: int) -> str:
    digest = hashlib.sha256(who.encode("utf-8", "replace")).hexdigest()[:32]
    return f"laksa:rate:{scope}:{digest}:{slot}"


def _window(rate: Rate) -> tuple[int, int]:
    now = clock.now().timestamp()
    return int(now // rate.seconds), max(1, rate.seconds - int(now % rate.seconds))


def hit(scope: str, who: str, rate: Rate | None = None) -> Verdict:
    """Count one request of `who` (an address, an account) in `scope`; refused once the count
    of this window passes the rate's."""
    rate = rate or rate_of(scope)
    slot, left = _window(rate)
    count = count_in_cache(_key(scope, who, slot), rate.seconds + 5)
    return Verdict(count <= rate.count, count, left)


def count_in_cache(key: str, timeout: int) -> int:
    """One more under `key` in the cache, made 0 with `timeout` when missing; the new count.
    Atomic: twenty threads at once get twenty different counts."""
    counter = getattr(cache, "count", None)
    if counter is not None:  # Redis (laksa.lib.redis_cache): one round trip
        return int(counter(key, timeout))
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def peek(scope: str, who: str, rate: Rate | None = None) -> Verdict:
    """Whether one more would be allowed, without counting it."""
    rate = rate or rate_of(scope)
    slot, left = _window(rate)
    count = int(cache.get(_key(scope, who, slot)) or 0)
    return Verdict(count < rate.count, count, left)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind a proxy named in settings, the address
    that proxy wrote into LAKSA_CLIENT_IP_HEADER (the LAKSA_TRUSTED_PROXIES-th from the right
    of a list such as X-Forwarded-For). A header the client could write itself is never read
    unless configured."""
    header = settings.LAKSA_CLIENT_IP_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [part.strip() for part in str(raw).split(",") if part.strip()]
        depth = max(1, settings.LAKSA_TRUSTED_PROXIES)
        if len(hops) >= depth:
            try:
                return str(ipaddress.ip_address(hops[-depth]))
            except ValueError:
                pass
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def wait_text(seconds: int) -> str:
    """'5 menit' for a person: how long until they may try again (a minute at least)."""
    minutes = max(1, -(-seconds // 60))
    return ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}


def too_many_text(seconds: int) -> str:
    return _("Terlalu banyak permintaan dari alamat Anda; coba lagi dalam %(wait)s.") % {
        "wait": wait_text(seconds)
    }
