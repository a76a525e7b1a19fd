"""Text a database can store: no NUL byte (PostgreSQL refuses one with an error) and no lone
surrogate (JSON's "\\ud800" decodes to one; it cannot be written as UTF-8). Every door refuses
such input as the sender's error, in its own format, before anything is stored."""

from __future__ import annotations

import contextlib

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError


def storable(text: str) -> bool:
    """Can `text` be stored as it is? False for a NUL byte or a lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def carries_nul(request: HttpRequest) -> bool:
    """Does any parameter (name or value, query or form) hold a NUL byte? No text of ours holds
    one, and PostgreSQL refuses one with an error. (An id in the path with one is simply not
    found: the views answer 404.)"""
    sources = [request.GET]
    if request.method == "POST":
        with contextlib.suppress(MultiPartParserError, SuspiciousOperation):
            sources.append(request.POST)  # a body Django cannot parse: the view answers it
    return any(
        "\x00" in key or any("\x00" in v for v in values)
        for source in sources
        for key, values in source.lists()
    )
