"""Indonesian phone numbers in one form, E.164 `+62…`, whatever way they were written.

`0812-3456-7890`, `62812…`, `+62 812…`, `0062812…` and `812…` are the same number. Kannel's `%q`
already turns a leading `00` into `+`; WhatsApp's `wa_id` has no `+` (../shared/reference/channels.md).
"""

from __future__ import annotations

import re
import unicodedata

_NOT_DIGITS = re.compile(r"[^\d+]")


def normalise(raw: str, *, country: str = "62") -> str:
    """The number as `+62…`, or "" when it cannot be a phone number (too short, too long, letters)."""
    # "٠٨١٢…" (Arabic-Indic) is 0812…: every decimal digit as its ASCII one, stored as +62 only.
    ascii_digits = "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in (raw or "").strip()
    )
    text = _NOT_DIGITS.sub("", ascii_digits)
    if not text or "+" in text[1:]:
        return ""
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    elif text.startswith("0"):
        digits = country + text[1:]
    elif text.startswith(country):
        digits = text
    elif text.startswith("8"):  # a mobile number written without its leading 0
        digits = country + text
    else:
        digits = text
    # E.164 allows 15 digits; an Indonesian mobile or fixed line has at least 8 after the 62.
    if not (digits.isascii() and digits.isdigit()) or not 10 <= len(digits) <= 15:
        return ""
    return "+" + digits


def mask(number: str) -> str:
    """A number shown to staff without giving it away: `+62 812****293`."""
    value = normalise(number) or number
    if value.startswith("+62") and len(value) >= 9:
        rest = value[3:]
        return f"+62 {rest[:3]}****{rest[-3:]}"  # four stars whatever the length: it hides that too
    if len(value) <= 6:
        return "****"
    return f"{value[:3]}****{value[-3:]}"
