"""The methods a webhook door takes: any other is answered 405 with `Allow`, in the door's own
error shape (JSON, lib.json_errors, as the API and Open311 answer), not Django's empty HTML."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from laksa.lib.json_errors import error_response

View = Callable[..., HttpResponse]
Refusal = Callable[[int, str], HttpResponse]
"""(status, message) -> the door's error answer."""


def allow(*methods: str, refuse: Refusal = error_response) -> Callable[[View], View]:
    """The view for `methods` only; `refuse` answers the others (a door that answers in plain
    text passes its own)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                method = (request.method or "")[:8]
                response = refuse(405, _("Metode %(m)s tidak didukung di sini.") % {"m": method})
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
