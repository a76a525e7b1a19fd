"""Staff sign in to the API with their session (plus CSRF on writes) or a personal token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from laksa.api.errors import ApiError
from laksa.api.keys import KeyRefused, check_rate, remember_token
from laksa.api.models import PersonalToken
from laksa.org import permissions


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>` of a PersonalToken; a wrong or revoked one is 401, at once."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = PersonalToken.from_key(token.strip())
        if found is None:
            raise ApiError(401, _("Token tidak valid atau sudah dicabut."), code="invalid_token")
        remember_token(request, found)
        try:
            check_rate(found)
        except KeyRefused as exc:
            raise ApiError(exc.status, exc.message) from exc
        return found.user


STAFF_AUTH = [BearerToken(), SessionAuth()]


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user, if they hold a staff role; else 403."""
    user = getattr(request, "auth", None)
    if user is None or not permissions.is_staff_member(user):
        raise ApiError(403, _("Hanya staf yang boleh memakai ini."))
    return user
