"""API keys on Open311: who is calling (an Application), whether they are within their rate, and
a log row for every request made with an application's key (ApiRequest), refused ones included;
the rate counts the rows."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils.translation import gettext as _

from laksa.lib import clock
from laksa.open311.params import Open311Error, param
from laksa.org.models import ApiRequest, Application, Jurisdiction


def identify(request: HttpRequest) -> Application | None:
    """The calling application, from `api_key` (body or query) or the `X-Api-Key` header, on
    every method. No key is None; a wrong or revoked key is 403 everywhere; over the rate is 429.
    The request is marked keyed (and its application remembered) for `log`, before any refusal."""
    key = param(request, "api_key") or request.headers.get("X-Api-Key") or None
    if key is None:
        return None
    request._laksa_keyed = True  # type: ignore[attr-defined]
    app = (
        Application.objects.filter(key_hash=Application.hash_key(key))
        .select_related("jurisdiction")
        .first()
        if len(key) <= 200
        else None
    )
    request._laksa_application = app  # type: ignore[attr-defined]
    if app is None or not app.active:
        raise Open311Error(403, _("api_key tidak valid atau sudah dicabut."))
    recent = ApiRequest.objects.filter(application=app, at__gte=clock.now() - timedelta(minutes=1))
    if recent.count() >= app.requests_per_minute:
        raise Open311Error(
            429,
            _("Terlalu banyak permintaan: paling banyak %(n)d per menit.")
            % {"n": app.requests_per_minute},
        )
    return app


def caller(request: HttpRequest) -> Application | None:
    """The application `identify` accepted for this request, if any."""
    return getattr(request, "_laksa_application", None)


def application(request: HttpRequest, city: Jurisdiction, *, required: bool) -> Application | None:
    """The application `identify` found, checked against the city asked for (403 if another
    city's); a missing key is 403 where one is required."""
    app = caller(request)
    if app is None:
        if required:
            raise Open311Error(403, _("api_key wajib diisi."))
        return None
    if app.jurisdiction_id != city.pk:
        raise Open311Error(403, _("api_key tidak valid atau sudah dicabut."))
    return app


def log(request: HttpRequest, status: int) -> None:
    """Record a keyed request after it was answered, whatever the answer, revoked keys and
    requests over the rate included. A key that is no application's is not logged: anyone could
    fill the table with made-up keys, and there is nobody to hold the row against."""
    if not getattr(request, "_laksa_keyed", False):
        return
    app: Application | None = getattr(request, "_laksa_application", None)
    if app is None:
        return
    now = clock.now()
    ApiRequest.objects.create(
        application=app,
        method=(request.method or "")[:8],
        path=request.path.replace("\x00", "")[:300],  # PostgreSQL refuses NUL bytes
        status=status,
        at=now,
    )
    Application.objects.filter(pk=app.pk).update(last_used_at=now)
