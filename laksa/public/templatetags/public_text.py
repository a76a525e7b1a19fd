"""`{{ text|for_public }}`: citizen-written text on a public page, its phone numbers and e-mail
addresses masked (reports/public_text.py)."""

from __future__ import annotations

from django import template

from laksa.reports.public_text import for_public as _for_public

register = template.Library()


@register.filter
def for_public(text: str) -> str:
    return _for_public(str(text or ""))
