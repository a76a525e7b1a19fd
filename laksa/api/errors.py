"""One error shape for every answer of the API: `{"errors": [{"code", "message", "field"}]}`
(`lib.json_errors`, shared with our other JSON endpoints), whatever went wrong (our checks,
ninja's validation, auth, 404, 405, a refused action)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import SuspiciousOperation, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from laksa.lib.json_errors import CODE_FOR_STATUS, error_response, errors_response
from laksa.reports.errors import ActionError

log = logging.getLogger(__name__)

ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422, 429})
"""Every operation documents these, so a client (and schemathesis) knows the shape of each."""


class ErrorItem(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorsOut(Schema):
    errors: list[ErrorItem]


class ApiError(Exception):
    """Answer with one error object and this status."""

    def __init__(self, status: int, message: str, *, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.code = code or CODE_FOR_STATUS.get(status, "error")


STATUS_OF_REFUSAL = {
    "forbidden": 403,
    "invalid": 422,
    "illegal_transition": 409,
    "stale": 409,
    "refused": 409,
}
"""The one mapping from a refused action (reports.errors) to HTTP, for every endpoint of the API:
not allowed is 403, a bad argument 422, and a report whose state does not allow the action now
(its status, a newer version, an earlier refusal of the same key) a conflict, 409."""


def refusal_status(code: str) -> int:
    return STATUS_OF_REFUSAL.get(code, 409)


def action_status(exc: ActionError) -> tuple[int, str]:
    """The HTTP status and error code of a refused action."""
    return refusal_status(exc.code), exc.code


def _field(loc: Any) -> str | None:
    # ninja's loc is (source, *path); the source (query, body, form, header) is noise to a client,
    # and a body schema's own name ("payload") too.
    parts = [str(p) for p in (loc or ())][1:]
    if parts and parts[0] in ("payload", "data", "form"):
        parts = parts[1:]
    return ".".join(parts) or None


def install_handlers(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        items = [
            {
                "code": "invalid",
                "message": str(e.get("msg", _("Isian tidak valid."))),
                "field": _field(e.get("loc")),
            }
            for e in exc.errors
        ] or [{"code": "invalid", "message": _("Isian tidak valid."), "field": None}]
        return errors_response(422, items)

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.message, field=exc.field, code=exc.code)

    def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
        status, code = action_status(exc)
        return error_response(status, exc.message, code=code)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, _("Masuk dulu, atau kirim token: Authorization: Bearer …"))

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 403 and "CSRF" in message:
            message = _("Pemeriksaan CSRF gagal: kirim header X-CSRFToken.")
        return error_response(exc.status_code, message)

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, _("Tidak ditemukan."))

    def on_bad_body(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A body Django refuses to parse (malformed multipart, too many fields or files).
        if isinstance(exc, TooManyFilesSent):
            return error_response(422, _("Terlalu banyak berkas."), field="photos", code="invalid")
        return error_response(400, _("Isi permintaan tidak bisa dibaca."))

    def on_other(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        return error_response(500, _("Terjadi kesalahan di server."))

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        ValidationError: on_validation,
        ApiError: on_api_error,
        ActionError: on_action_error,
        AuthenticationError: on_auth,
        HttpError: on_http,
        Http404: on_404,
        SuspiciousOperation: on_bad_body,
        MultiPartParserError: on_bad_body,
        Exception: on_other,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)


def documented(ok: dict[int, Any]) -> dict[Any, Any]:
    """A `response=` for ninja: the answers on success and the error object for every error."""
    return {**ok, ERROR_STATUSES: ErrorsOut}
