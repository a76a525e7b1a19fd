"""GeoReport v2's two formats from one Python shape. XML is the spec's: exact element names, an
XML declaration, no namespace. JSON is its mechanical mapping (the "Spark convention"): the root
disappears and a container of repeated children is always an array, even of one.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

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


def render(fmt: str, root: str, payload: Any, *, status: int = 200) -> HttpResponse:
    """`payload` is a list (for a container root such as `services`) or a dict (`discovery`)."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    else:
        element = ET.Element(root)
        _fill(element, root, payload)
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list, in the requested format, with the HTTP status as each code."""
    return render(
        fmt,
        "errors",
        [{"code": status, "description": text} for text in descriptions],
        status=status,
    )


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    if isinstance(value, list):
        child_tag = CHILD_TAGS.get(tag, "item")
        for item in value:
            child = ET.SubElement(element, child_tag)
            _fill(child, child_tag, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            child = ET.SubElement(element, key)
            _fill(child, key, item)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
