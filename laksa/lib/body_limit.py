"""A cap on every request body, by path, checked on the declared length before anything reads
the body: a 300 MB upload is refused at once with 413, not spooled to disk first. Django's
DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads out; this does not.

settings.LAKSA_BODY_LIMITS lists (path prefix, bytes, refusal) in order, the first match wins;
other paths get LAKSA_BODY_MAX_BYTES. A refusal is the dotted path of a function
`(request, status, message) -> HttpResponse` that answers in that door's format (JSON for the API,
Open311's error list, a page for the site). A body without a length (chunked) is refused with 411:
its size is known only once it has been read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from laksa.lib.json_errors import error_response

log = logging.getLogger("laksa.security")
Refusal = Callable[[HttpRequest, int, str], HttpResponse]
PAGE_REFUSAL = "laksa.lib.body_limit.page_refusal"


def limit_for(path: str) -> tuple[int, str]:
    """The byte cap of a path and the refusal that answers there."""
    for prefix, limit, refusal in settings.LAKSA_BODY_LIMITS:
        if path.startswith(prefix):
            return limit, refusal
    return settings.LAKSA_BODY_MAX_BYTES, settings.LAKSA_BODY_REFUSAL


@cache
def _refusal(dotted: str) -> Refusal:
    return import_string(dotted)  # type: ignore[no-any-return]


def json_refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return error_response(status, message)


def page_refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    html = render_to_string("errors/body_refused.html", {"message": message})
    return HttpResponse(html, status=status)


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refuse(request)
        return refused if refused is not None else self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not declared and not chunked:
            return None  # no body
        limit, refusal = limit_for(request.path_info)
        mb = max(1, limit // (1024 * 1024))
        if chunked and not declared:
            status, message = 411, _("Kirim panjang isi permintaan (Content-Length).")
        elif not declared.isascii() or not declared.isdigit():
            status, message = 400, _("Isi permintaan tidak bisa dibaca.")
        elif int(declared) > limit:
            status = 413
            message = _("Isi permintaan terlalu besar (maksimal %(mb)d MB).") % {"mb": mb}
        else:
            return None
        log.info(
            "body refused (%d): %s %s, %s bytes declared, %d allowed",
            status, request.method, request.path_info[:200], declared[:20] or "chunked", limit,
        )  # fmt: skip
        response = _refusal(refusal)(request, status, message)
        response["Connection"] = "close"  # the unread body must not be taken for the next request
        return response
