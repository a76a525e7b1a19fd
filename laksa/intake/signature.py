"""The refusal of a webhook whose raw body is signed in a header (Meta's three channels, X, the
SMS gateway), in one place so that each says it the same way: the header missing is 401, a
signature that does not match the body 403, and nothing is read or stored in either case."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from laksa.intake.models import ChannelAccount
from laksa.lib.json_errors import error_response

Check = Callable[[ChannelAccount, bytes, str], bool]
"""The channel's own check: (account, raw body, header value) -> whether it signs the body."""


def bad_signature(
    request: HttpRequest, account: ChannelAccount, header: str, is_valid: Check
) -> HttpResponse | None:
    """The 401 or 403 answer when `header` is missing or does not sign the raw body; None when
    it does, and the body may be parsed."""
    signature = request.headers.get(header, "")
    if not signature:
        return error_response(401, f"{header} is missing")
    if not is_valid(account, request.body, signature):
        return error_response(403, f"{header} does not match the body")
    return None
