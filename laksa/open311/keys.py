"""API keys on Open311: who is calling (an Application), whether they are within their rate, and
a log row for every keyed request (ApiRequest), which is also what the rate counts."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.open311.params import Open311Error, param
from laksa.org.models import ApiRequest, Application, Jurisdiction


def application(request: HttpRequest, city: Jurisdiction, *, required: bool) -> Application | None:
    """The calling application, from `api_key` (body or query) or the `X-Api-Key` header.

    A missing key is 403 where one is required; a wrong or revoked key is 403 everywhere.
    """
    key = param(request, "api_key") or request.headers.get("X-Api-Key") or None
    if key is None:
        if required:
            raise Open311Error(403, _("api_key wajib diisi."))
        return None
    app = Application.from_key(key)
    if app is None or app.jurisdiction_id != city.pk:
        raise Open311Error(403, _("api_key tidak valid atau sudah dicabut."))
    now = timezone.now()
    recent = ApiRequest.objects.filter(application=app, at__gte=now - timedelta(minutes=1))
    if recent.count() >= app.requests_per_minute:
        request._laksa_application = app  # type: ignore[attr-defined]
        raise Open311Error(
            429,
            _("Terlalu banyak permintaan: paling banyak %(n)d per menit.")
            % {"n": app.requests_per_minute},
        )
    request._laksa_application = app  # type: ignore[attr-defined]
    return app


def log(request: HttpRequest, status: int) -> None:
    """Record a keyed request (after it was answered, whatever the answer)."""
    app: Application | None = getattr(request, "_laksa_application", None)
    if app is None:
        return
    now = timezone.now()
    ApiRequest.objects.create(
        application=app,
        method=request.method or "",
        path=request.path.replace("\x00", "")[:300],  # PostgreSQL refuses NUL bytes
        status=status,
        at=now,
    )
    Application.objects.filter(pk=app.pk).update(last_used_at=now)
