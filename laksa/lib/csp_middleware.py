"""django-csp's middleware (laksa/lib/csp.py has the policy), with the header of an ordinary
response built once per process.

django-csp builds the policy for every response, a sixth of the cost of a cached JSON answer.
It is the same text for every response that used no nonce and carries no per-response
configuration: that text is kept (per policy setting, so a test overriding it gets its own) and
everything else goes through django-csp unchanged."""

from __future__ import annotations

import http.client
from dataclasses import asdict
from typing import Any

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_PER_RESPONSE = frozenset(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)
"""What django-csp's decorators leave on a response to change its policy."""


class PolicyMiddleware(CSPMiddleware):
    _kept: tuple[Any, str] | None = None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (
            getattr(request, "_csp_nonce", None) is not None
            or not policy
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or _PER_RESPONSE.intersection(vars(response))
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response  # django-csp leaves Django's debug pages alone
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = self._plain(request, response, policy)
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def _plain(self, request: HttpRequest, response: HttpResponseBase, policy: Any) -> str:
        kept = PolicyMiddleware._kept
        if kept is None or kept[0] is not policy:
            parts = self.get_policy_parts(request=request, response=response)
            kept = PolicyMiddleware._kept = (policy, build_policy(**asdict(parts)))
        return kept[1]
