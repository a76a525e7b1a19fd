"""Who is calling an API (an Application by `X-Api-Key`, a staff PersonalToken by `Bearer`),
whether they are within their rate, and the ApiRequest log row of every request, which is also
what the rate counts. Plain Django: usable by any API view, not only ninja's."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils.translation import gettext as _

from laksa.api.models import PersonalToken, TokenRequest
from laksa.lib import clock
from laksa.org.models import ApiRequest, Application

WINDOW = timedelta(minutes=1)


class KeyRefused(Exception):
    """The key is wrong or revoked (403), or its rate is used up (429)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def application_from_header(request: HttpRequest) -> Application | None:
    """The Application named by `X-Api-Key`, remembered on the request for `log_request`.

    No header is None (the key is optional); a wrong or revoked key raises KeyRefused(403);
    a key over its rate raises KeyRefused(429).
    """
    key = request.headers.get("X-Api-Key")
    if not key:
        return None
    app = Application.from_key(key)
    if app is None:
        raise KeyRefused(403, _("Kunci API tidak valid atau sudah dicabut."))
    request._laksa_application = app  # type: ignore[attr-defined]
    check_rate(app)
    return app


def check_rate(caller: Application | PersonalToken, now: datetime | None = None) -> None:
    """Raise KeyRefused(429) when the caller made its whole allowance in the last minute."""
    since = (now or clock.now()) - WINDOW
    if isinstance(caller, Application):
        used = ApiRequest.objects.filter(application=caller, at__gte=since).count()
    else:
        used = TokenRequest.objects.filter(token=caller, at__gte=since).count()
    if used >= caller.requests_per_minute:
        raise KeyRefused(
            429,
            _("Terlalu banyak permintaan: paling banyak %(n)d per menit.")
            % {"n": caller.requests_per_minute},
        )


def remember_token(request: HttpRequest, token: PersonalToken) -> None:
    request._laksa_token = token  # type: ignore[attr-defined]


def log_request(request: HttpRequest, status: int) -> ApiRequest:
    """Record one answered request with its application and token (if any), whatever the answer."""
    now = clock.now()
    app: Application | None = getattr(request, "_laksa_application", None)
    token: PersonalToken | None = getattr(request, "_laksa_token", None)
    row = ApiRequest.objects.create(
        application=app,
        method=(request.method or "")[:8],
        path=request.path.replace("\x00", "")[:300],  # PostgreSQL refuses NUL bytes
        status=status,
        at=now,
    )
    if app is not None:
        Application.objects.filter(pk=app.pk).update(last_used_at=now)
    if token is not None:
        TokenRequest.objects.create(request=row, token=token, at=now)
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return row
