"""Public text on a public page (reports/public_text.py): `{{ text|for_public }}` masks the phone
numbers and e-mail addresses in citizen-written text (a description, an address, an answer);
`{{ event|note_for_public }}` is an event's public note, masked unless a staff user wrote it."""

from __future__ import annotations

from typing import Any

from django import template

from laksa.reports import public_text

register = template.Library()


@register.filter
def for_public(text: str) -> str:
    return public_text.for_public(str(text or ""))


@register.filter
def note_for_public(event: Any) -> str:
    """`event` is a ReportEvent (or anything with `public_note` and `actor_id`)."""
    return public_text.note_for_public(event.public_note, event.actor_id)
