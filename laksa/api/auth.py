"""Staff sign in to the API with their session (plus CSRF on writes) or a personal token; a
token has its own rate, and its requests are logged (org.keys) and linked to it (TokenRequest)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from laksa.api.errors import ApiError
from laksa.api.models import PersonalToken, TokenRequest
from laksa.org import keys, permissions
from laksa.org.models import ApiRequest


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>` of a PersonalToken; a wrong or revoked one is 401, at once."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = PersonalToken.from_key(token.strip())
        if found is None:
            raise ApiError(401, _("Token tidak valid atau sudah dicabut."), code="invalid_token")
        request._laksa_token = found  # type: ignore[attr-defined]
        try:
            keys.check_rate(f"token:{found.pk}", found.requests_per_minute)
        except keys.KeyRefused as exc:
            raise ApiError(exc.status, exc.message) from exc
        return found.user


STAFF_AUTH = [BearerToken(), SessionAuth()]


def log_request(request: HttpRequest, status: int) -> ApiRequest | None:
    """The request's log row (`org.keys.log`), which a staff token also earns, linked to the
    token it was made with: what the token's rate counts."""
    token: PersonalToken | None = getattr(request, "_laksa_token", None)
    row = keys.log(request, status, other_caller=token is not None)
    if token is not None and row is not None:
        TokenRequest.objects.create(request=row, token=token, at=row.at)
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=row.at)
    return row


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user, if they hold a staff role; else 403."""
    user = getattr(request, "auth", None)
    if user is None or not permissions.is_staff_member(user):
        raise ApiError(403, _("Hanya staf yang boleh memakai ini."))
    return user
