"""The JSON API at /api/v1/: the NinjaAPI, and the wrapper every one of its URLs goes through
(application key and rate by `org.keys`, the request log, JSON errors for 404 and 405)."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import ninja
from django.core.exceptions import SuspiciousOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.params.models import BodyModel, FileModel, FormModel

from laksa.api import citizen, staff, work
from laksa.api.auth import STAFF_AUTH, log_request
from laksa.api.errors import error_response, install_handlers
from laksa.kpi.indicators.api import router as indicators_router
from laksa.org import keys
from laksa.org.selectors import current_jurisdiction

SWAGGER_ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
ASSET_NAMES = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"}


class LocalSwagger(DocsBase):
    """Swagger UI served from ninja's own files, not a CDN (the site loads nothing from outside)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout"}
        return render(
            request,
            "api/docs.html",
            {"api": api, "swagger_settings": json.dumps(settings), "assets": "docs-assets/"},
        )


class LaksaApi(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = [*super()._get_urls(), path("docs-assets/<str:name>", docs_asset)]
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = guarded(pattern.callback)
        # Anything else under /api/v1/ is a JSON 404, never the site's HTML page.
        urls.append(re_path(r"^.*$", guarded(unknown_path)))
        return urls


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the application key (`X-Api-Key`), its city and its rate before the view; log the
    request after it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            app = keys.identify(request)
            if app is not None:
                keys.check_city(app, current_jurisdiction())
        except keys.KeyRefused as exc:
            response = error_response(exc.status, exc.message)
        else:
            if _nul_in_address(request):
                response = _nul_refused()
            else:
                response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(
                405, _("Metode %(m)s tidak didukung di sini.") % {"m": (request.method or "")[:8]}
            )
            response["Allow"] = allowed
        log_request(request, response.status_code)
        return response

    return csrf_exempt(wrapper)


def _nul_in_address(request: HttpRequest) -> bool:
    return "\x00" in request.path or any("\x00" in v for _k, vs in request.GET.lists() for v in vs)


def _nul_refused() -> HttpResponse:
    # No text of ours holds a NUL byte, and PostgreSQL refuses one with an error.
    return error_response(422, _("Isian tidak valid."), code="invalid")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def checked_body(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check an operation's body before ninja reads it (a "view" decorator of the API): JSON where
    the operation takes JSON, else 415, and no NUL byte in a JSON or form body. A form body must
    never be parsed on the way to a JSON operation: Django then refuses to give the raw body."""
    operation = getattr(run, "__self__", None)
    models = getattr(operation, "models", [])
    takes_form = any(issubclass(m, (FormModel, FileModel)) for m in models)
    takes_json = not takes_form and any(issubclass(m, BodyModel) for m in models)
    if takes_json:
        # Documented where it can happen; every operation documents 422 with the error object.
        responses = operation.response_models  # type: ignore[union-attr]
        if 422 in responses:
            responses.setdefault(415, responses[422])

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content_type = request.content_type or ""
        if takes_json and content_type and not _is_json(content_type):
            return error_response(
                415, _("Kirim isi permintaan sebagai JSON (Content-Type: application/json).")
            )
        try:
            if takes_json:
                nul = b"\\u0000" in request.body or b"\x00" in request.body
            elif takes_form and content_type in FORM_TYPES:
                nul = any("\x00" in v for _k, vs in request.POST.lists() for v in vs)
            else:
                nul = False
        except (MultiPartParserError, SuspiciousOperation):
            nul = False  # a body Django cannot read: ninja reads it again and the handlers answer
        return _nul_refused() if nul else run(request, *args, **kwargs)

    return wrapper


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def unknown_path(request: HttpRequest) -> HttpResponse:
    return error_response(404, _("Tidak ditemukan."))


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSET_NAMES:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((SWAGGER_ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


api = LaksaApi(
    title="Laksa API",
    version="1",
    description=(
        "The JSON API of Laksa for the citizen app and staff apps. Errors are always "
        '`{"errors": [{"code", "message", "field"}]}`. Answers follow `Accept-Language` '
        "(id, en)."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_decorator(checked_body, mode="view")
api.add_router("/", citizen.router)
api.add_router("/staff", staff.router)
api.add_router("/staff", work.router)
api.add_router("/staff/indicators", indicators_router, auth=STAFF_AUTH)
