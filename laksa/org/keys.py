"""Application keys, the same for every door that takes one (Open311, the JSON API): which
Application is calling, whether it is within its rate (counted in the cache, laksa.lib.throttle),
and the ApiRequest log row (written off the request's path, org.request_log). A door reads the
key where its protocol puts it and answers a KeyRefused in its own error format; what a key is
worth and what is logged is decided here only."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from laksa.lib import clock, prepared, throttle
from laksa.org import request_log
from laksa.org.models import ApiRequest, Application, Jurisdiction
from laksa.org.selectors import city_or_none

MAX_KEY_LENGTH = 200


class KeyRefused(Exception):
    """The key is wrong, revoked or another city's (403), or its rate is used up (429)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def identify(request: HttpRequest, key: str | None = None) -> Application | None:
    """The calling application, from `key` (where the door's protocol puts one, e.g. Open311's
    `api_key`) or else the `X-Api-Key` header; blank is no key, and no key is None. A wrong or
    revoked key raises KeyRefused(403), a key over its rate KeyRefused(429). A known application
    is remembered for `log` before any refusal, so its refused requests are logged against it."""
    key = (key or request.headers.get("X-Api-Key") or "").strip()
    if not key:
        return None
    app = holder_of(key) if len(key) <= MAX_KEY_LENGTH else None
    request._laksa_key_holder = app  # type: ignore[attr-defined]
    if app is None or not app.active:
        raise KeyRefused(403, _("Kunci API tidak valid atau sudah dicabut."))
    check_rate(f"app:{app.pk}", app.requests_per_minute)
    request._laksa_application = app  # type: ignore[attr-defined]
    return app


def holder_of(key: str) -> Application | None:
    """The application a key belongs to, revoked or not, read afresh on every request (a revoked
    key stops at once) by a statement written once: building the query cost more than running
    it. Its city is the process's remembered one when it is that city (org.selectors)."""
    app = _HOLDER.first([Application.hash_key(key)])
    if app is None:
        return None
    city = city_or_none()
    if city is not None and city.pk == app.jurisdiction_id:
        app.jurisdiction = city
    return app


_HOLDER = prepared.Reader(Application, f"{connection.ops.quote_name('key_hash')} = %s")


def caller(request: HttpRequest) -> Application | None:
    """The application `identify` accepted for this request, if any."""
    return getattr(request, "_laksa_application", None)


def check_city(app: Application, city: Jurisdiction) -> None:
    """Raise KeyRefused(403) when the application is another city's: a key names its city."""
    if app.jurisdiction_id != city.pk:
        raise KeyRefused(403, _("Kunci API tidak valid atau sudah dicabut."))


def check_rate(caller_id: str, per_minute: int) -> None:
    """Count this request of the caller (`app:<pk>`, `token:<pk>`) and raise KeyRefused(429)
    once this minute's allowance is used up. Counted in the cache with one atomic increment
    (laksa.lib.throttle), so threads at once cannot slip past the limit, and no log row is
    read."""
    if not throttle.hit("key", caller_id, throttle.Rate(per_minute, 60)).allowed:
        raise KeyRefused(
            429,
            _("Terlalu banyak permintaan: paling banyak %(n)d per menit.") % {"n": per_minute},
        )


def prune_log(now: datetime | None = None, *, batch: int = 5000) -> int:
    """Delete request log rows older than LAKSA_API_LOG_DAYS, a batch at a time (no long lock);
    returns how many went."""
    before = (now or clock.now()) - timedelta(days=settings.LAKSA_API_LOG_DAYS)
    removed = 0
    while True:
        ids = list(ApiRequest.objects.filter(at__lt=before).values_list("pk", flat=True)[:batch])
        if not ids:
            return removed
        removed += ApiRequest.objects.filter(pk__in=ids).delete()[1].get(ApiRequest._meta.label, 0)


def log(request: HttpRequest, status: int, *, vouched: object = None) -> ApiRequest | None:
    """Record an answered request, whatever the answer, when someone can be held to it: a known
    application (revoked, over the rate or another city's included), or another caller the door
    vouches for (`vouched`, the API's staff token, handed to org.request_log's `logged`
    receivers with the row). No key, or a key that is nobody's, is no row: anyone could fill the
    table with those. The row is written with the process's next batch (org.request_log), with
    the application's `last_used_at`; it is returned unsaved."""
    app: Application | None = getattr(request, "_laksa_key_holder", None)
    if app is None and vouched is None:
        return None
    row = ApiRequest(
        application_id=app.pk if app is not None else None,
        method=(request.method or "")[:8],
        path=request.path.replace("\x00", "")[:300],  # PostgreSQL refuses NUL bytes
        status=status,
        at=clock.now(),
    )
    request_log.add(row, vouched)
    return row
