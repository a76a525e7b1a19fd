"""How long a text is as SMS: GSM-7 septets, or None when it needs UCS-2 (Indonesian with an
emoji, Arabic script). Shared by the texts that must fit one SMS and the senders that split them."""

from __future__ import annotations

# GSM 03.38: the basic set counts one septet a character, the extension table two.
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


def gsm7_length(text: str) -> int | None:
    """Septets the text takes in GSM-7, or None when it needs UCS-2 (70 characters a message)."""
    length = 0
    for ch in text:
        if ch in _GSM_BASIC:
            length += 1
        elif ch in _GSM_EXTENDED:
            length += 2
        else:
            return None
    return length
