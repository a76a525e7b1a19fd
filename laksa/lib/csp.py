"""The Content-Security-Policy every response carries (django-csp's middleware sends it).

Scripts and styles come from this site's files only: page data travels in
`<script type="application/json">` blocks and data-* attributes, widths and colours in classes.
The one exception is an element that must carry its own styles (pygal's SVG charts, the monthly
report's print styles): it gets the request's nonce (`nonced`), and only such a response names one.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def origin_of(url: str) -> str | None:
    """The CSP source of an absolute URL template such as a tile server's
    (`https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`);
    None for a URL on this site (relative, or empty)."""
    if not url or (url.startswith("/") and not url.startswith("//")):
        return None
    parts = urlsplit(url.replace("{", "%7B").replace("}", "%7D"))
    host = parts.netloc.rsplit("@", 1)[-1].replace("%7B", "{").replace("%7D", "}")
    if not host:
        return None
    labels = host.split(".")
    if "{" in labels[0]:
        labels[0] = "*"  # Leaflet's {s} subdomains: CSP allows a wildcard as the first label only
    if any("{" in label for label in labels):
        raise ImproperlyConfigured(
            f"cannot allow {url!r} in the Content-Security-Policy: a placeholder may stand "
            "only for the first label of the host"
        )
    return f"{parts.scheme}://{'.'.join(labels)}" if parts.scheme else ".".join(labels)


def policy(*, tile_url: str = "", img_src: list[str], connect_src: list[str]) -> dict[str, Any]:
    """django-csp's CONTENT_SECURITY_POLICY: this site alone, plus the tile server's origin for
    images and any origins a deployment adds (photos on object storage, say)."""
    tiles = origin_of(tile_url)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            # A nonce is named only by a response whose page used one (lazy in django-csp).
            "style-src": [SELF, NONCE],
            "img-src": [SELF, "data:", "blob:", *([tiles] if tiles else []), *img_src],
            "connect-src": [SELF, *connect_src],
            "font-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


_STYLE_TAG = re.compile(r"<style\b")
_HIDDEN = re.compile(r'\bstyle="opacity: ?0;?"')


def nonced(html: Any, nonce: Any) -> SafeString:
    """Trusted HTML (an SVG chart) whose `<style>` elements get the request's nonce. pygal's one
    style attribute (its empty tooltip, hidden) becomes the SVG attribute it means, which no
    policy blocks."""
    text = str(conditional_escape(html))
    text = _HIDDEN.sub('opacity="0"', text)
    # str() first: django-csp's lazy nonce is falsy until read, and reading it is what makes
    # the response's header name it.
    value = str(nonce) if nonce is not None else ""
    if value:
        text = _STYLE_TAG.sub(f'<style nonce="{conditional_escape(value)}"', text)
    return mark_safe(text)  # noqa: S308 - the input was safe or is escaped above
