"""`{{ chart|nonced:request.csp_nonce }}`: a server-drawn SVG chart whose styles the page's
Content-Security-Policy lets through (laksa.lib.csp)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from laksa.lib.csp import nonced as _nonced

register = template.Library()


@register.filter
def nonced(html: Any, nonce: Any) -> SafeString:
    return _nonced(html, nonce)
