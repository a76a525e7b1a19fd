"""The Content-Security-Policy of an ordinary response is built once per process
(laksa.lib.csp_middleware): the same text django-csp's own middleware gives, renewed when the
setting changes, and never used for a response that named a nonce."""

from __future__ import annotations

from typing import Any

import pytest
from csp.constants import HEADER
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from laksa.lib import csp
from laksa.lib.csp_middleware import PolicyMiddleware


def _header(middleware_class: type[CSPMiddleware], *, nonce: bool = False) -> str:
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # type: ignore[attr-defined]
    return middleware.process_response(request, HttpResponse("ok"))[HEADER]


def test_it_gives_django_csps_own_header() -> None:
    assert _header(PolicyMiddleware) == _header(CSPMiddleware)
    assert _header(PolicyMiddleware) == _header(PolicyMiddleware)  # kept, the same


def test_it_follows_a_changed_setting(settings: Any) -> None:
    _header(PolicyMiddleware)
    settings.CONTENT_SECURITY_POLICY = csp.policy(
        img_src=["https://foto.example.org"], connect_src=[]
    )
    assert "https://foto.example.org" in _header(PolicyMiddleware)


def test_a_response_with_a_nonce_gets_its_own() -> None:
    first, second = _header(PolicyMiddleware, nonce=True), _header(PolicyMiddleware, nonce=True)
    assert "'nonce-" in first and first != second
    assert "'nonce-" not in _header(PolicyMiddleware)


def test_a_nonce_asked_for_after_the_header_is_an_error() -> None:
    request = RequestFactory().get("/")
    middleware = PolicyMiddleware(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse("ok"))
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]
