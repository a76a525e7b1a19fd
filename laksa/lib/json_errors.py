"""The one error shape of every JSON endpoint that is ours (the API, the live stream and wall, the
map data): `{"errors": [{"code", "message", "field"}]}`. Open311 keeps the spec's own shape."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

CODE_FOR_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def error_item(
    status: int, message: str, *, field: str | None = None, code: str = ""
) -> dict[str, Any]:
    """One error: `code` defaults to the status's name (CODE_FOR_STATUS); `field` is the input
    it is about, or None."""
    return {
        "code": code or CODE_FOR_STATUS.get(status, "error"),
        "message": str(message),
        "field": field,
    }


def errors_response(status: int, items: list[dict[str, Any]]) -> HttpResponse:
    body = json.dumps({"errors": items}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def error_response(
    status: int, message: str, *, field: str | None = None, code: str = ""
) -> HttpResponse:
    return errors_response(status, [error_item(status, message, field=field, code=code)])
