"""GeoReport v2's two formats from one Python shape. XML is the spec's: exact element names, an
XML declaration, no namespace. JSON is its mechanical mapping (the "Spark convention"): the root
disappears and a container of repeated children is always an array, even of one.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse

CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}

CHILD_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
    "media_urls": "media_url",
}
"""The element each repeated child gets inside its container, wherever the container appears."""

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(fmt: str, root: str, payload: Any, *, status: int = 200) -> HttpResponse:
    """`payload` is a list (for a container root such as `services`) or a dict (`discovery`)."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    else:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        _write(parts, root, payload)
        body = "".join(parts).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list, in the requested format, with the HTTP status as each code."""
    return render(
        fmt,
        "errors",
        [{"code": status, "description": text} for text in descriptions],
        status=status,
    )


def _write(parts: list[str], tag: str, value: Any) -> None:
    """Append `<tag>value</tag>`; strings are built directly (a tree of 1,000 requests costs
    twice as much through ElementTree). Text is escaped; characters XML 1.0 forbids are dropped."""
    if value is None:
        parts.append(f"<{tag}/>" if tag else "")
        return
    parts.append(f"<{tag}>")
    if isinstance(value, list):
        child = CHILD_TAGS.get(tag, "item")
        for item in value:
            _write(parts, child, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _write(parts, key, item)
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    else:
        parts.append(escape(_XML_INVALID.sub("", str(value))))
    parts.append(f"</{tag}>")
