"""Public pages kept rendered while nothing they show has changed (issue 15).

A citizen's tracking page is asked for far more often than its report changes, and rendering it
costs ten times what answering the request does. The view names what the page shows as a stamp
read in one query (the report's version, its latest event and photo, the catalog's version);
the page is rendered once per stamp, language, address and minute (due times and "overdue" move
with the clock) and served from the cache after that.

Only pages that are the same for everyone are kept: a GET without a session or a pending message
(a signed-in user, or one just told "thank you", gets a page of their own, rendered as before).
The CSRF token of the page's forms is per visitor: the kept page carries a placeholder, replaced
by this visitor's token on the way out (which also sets their CSRF cookie, as rendering would).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from laksa.lib import clock
from laksa.lib.kept import kept as kept_in_process

PLACEHOLDER = "laksa-page-cache-csrf-placeholder"
TIMEOUT = 120
"""Seconds a rendered page is kept; the minute in its key retires it sooner."""

Render = Callable[[dict[str, Any]], HttpResponse]
_pages = kept_in_process()
"""The pages this process has read or made (laksa.lib.kept: a key's page never changes)."""


def same_for_everyone(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def serve(request: HttpRequest, stamp: Hashable, render: Render) -> HttpResponse:
    """The page `render(extra_context)` gives, from the cache when `stamp` has not changed."""
    if not same_for_everyone(request):
        return render({})
    minute = clock.now().replace(second=0, microsecond=0).isoformat()
    inputs = (stamp, translation.get_language(), request.get_full_path(), minute)
    key = "page:" + hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()
    kept = _pages.get(key)
    if kept is None:
        response = render({"csrf_token": PLACEHOLDER})
        if response.streaming:
            return response
        if response.status_code != 200 or response.cookies:
            # Not kept: answered as rendered for this visitor, never with the placeholder.
            return render({}) if PLACEHOLDER.encode() in response.content else response
        kept = (response.content, response["Content-Type"])
        _pages.set(key, kept, TIMEOUT)
    content, content_type = kept
    return HttpResponse(
        content.replace(PLACEHOLDER.encode(), get_token(request).encode()),
        content_type=content_type,
    )
