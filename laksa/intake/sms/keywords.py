"""What a plain phone's SMS asks for: `LAPOR <text> #<place>`, `STATUS <code>`, `INFO`, or free
text (a report too). Case and the punctuation people type after a keyword do not matter:
"lapor: ...", "Status TNG-2612-00001", "status tng 2612 1", "info?" all read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    REPORT = "report"
    STATUS = "status"
    INFO = "info"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Request:
    intent: Intent
    text: str = ""
    """The report's description (REPORT)."""
    place: str = ""
    """The words after `#` (REPORT): the kelurahan, kecamatan or street the sender named."""
    code: str = ""
    """The report code asked about (STATUS), upper case, its number padded: TNG-2612-00001."""


# A keyword is the first word, whatever punctuation follows it ("LAPOR:", "Info.", "status-").
_KEYWORD = re.compile(r"^\W*(lapor|status|info)(?:\b|_)[\W_]*(.*)$", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"([A-Za-z]{2,10})[\s\-_./:]*(\d{4})[\s\-_./:]*(\d{1,6})")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """The text as one line of printable characters: control characters and runs of spaces and
    line breaks become one space; NFC so that a decomposed "é" compares as one."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def read(text: str) -> Request:
    """What the message asks. A message with no letter or digit in it is unreadable."""
    text = clean(text)
    if not any(ch.isalnum() for ch in text):
        return Request(Intent.UNREADABLE)
    match = _KEYWORD.match(text)
    keyword = match.group(1).lower() if match else ""
    rest = match.group(2).strip() if match else text
    if keyword == "info":
        if not any(ch.isalnum() for ch in rest):
            return Request(Intent.INFO)
        keyword, rest = "", text  # "Info: jalan di depan pasar rusak" is a report
    if keyword == "status":
        code = _CODE.search(rest)
        if not code:
            return Request(Intent.UNREADABLE)
        prefix, period, number = code.groups()
        return Request(Intent.STATUS, code=f"{prefix.upper()}-{period}-{int(number):05d}")
    description, place = split_place(rest)
    if not any(ch.isalnum() for ch in description):
        return Request(Intent.UNREADABLE)
    return Request(Intent.REPORT, text=description, place=place)


def split_place(text: str) -> tuple[str, str]:
    """`lampu mati #Cipondoh` -> ("lampu mati", "Cipondoh"). Every `#` part is a place (a name
    may have several words: "#Panunggangan Barat"); when the place comes first and nothing is
    before it ("#Cipondoh lampu mati"), the whole message is the description as well."""
    before, hash_sign, after = text.partition("#")
    if not hash_sign:
        return text.strip(), ""
    places = [p.strip(" ,.;:-") for p in after.split("#")]
    place = ", ".join(p for p in places if p)
    description = before.strip(" ,;:-")
    if not any(ch.isalnum() for ch in description):
        description = clean(text.replace("#", " "))
    return description, place
