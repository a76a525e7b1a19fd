"""Staff sign in to the API with their session (plus CSRF on writes) or a personal token; a
token has its own rate, and its requests are logged (org.keys) and linked to it (TokenRequest)
when the log's batch is written (org.request_log)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from laksa.api.errors import ApiError
from laksa.api.models import PersonalToken, TokenRequest
from laksa.org import keys, permissions, request_log
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
    """The request's log row (`org.keys.log`), which a staff token also earns: linked to the
    token it was made with when the batch is written (`link_tokens`)."""
    token: PersonalToken | None = getattr(request, "_laksa_token", None)
    return keys.log(request, status, vouched=token)


def link_tokens(sender: Any, entries: list[request_log.Entry], **kwargs: Any) -> None:
    """org.request_log's `logged` receiver, in the batch's transaction: a TokenRequest for each
    row made with a staff token, and the tokens' `last_used_at`. A token deleted since is left
    out, as deleting it would have removed its links."""
    made = [(row, token.pk) for row, token in entries if isinstance(token, PersonalToken)]
    if not made:
        return
    known = set(
        PersonalToken.objects.filter(pk__in={pk for _row, pk in made}).values_list("pk", flat=True)
    )
    TokenRequest.objects.bulk_create(
        [TokenRequest(request=row, token_id=pk, at=row.at) for row, pk in made if pk in known]
    )
    for pk, at in request_log.latest_use((pk, row.at) for row, pk in made).items():
        if pk in known:
            PersonalToken.objects.filter(pk=pk).filter(
                Q(last_used_at__lt=at) | Q(last_used_at=None)
            ).update(last_used_at=at)


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user, if they hold a staff role; else 403."""
    user = getattr(request, "auth", None)
    if user is None or not permissions.is_staff_member(user):
        raise ApiError(403, _("Hanya staf yang boleh memakai ini."))
    return user
