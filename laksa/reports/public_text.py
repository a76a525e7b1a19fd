"""Citizen-written text as the public sees it. A reporter types their phone number or e-mail
address into a description, an address, a dispute reason or a confirm note ("hubungi saya
0813-7777-1234"); every public surface (tracking page, API, Open311, the live stream) shows it
through `for_public`, which masks both. An event's public note goes through `note_for_public`:
masked unless a staff user wrote it (a reply's hotline is meant for the public). Staff screens
read the stored text as written.

Only what is surely a phone number is masked: a run of digits (any script's) that starts as an
Indonesian number does (`0…`, `08 12 34…` in pairs, `62…`, `+62…`, `(+62)…`, `0062…`, `(021)…`,
or a mobile's 81/82/83/85/87/88/89… without its 0, then at least 9 digits and no dots; any `+…`
international number) and has the length of one (lib/phone.normalise decides the last word).
Kept: report codes (TNG-2612-00001), dates, times, street and RT/RW numbers, coordinates, amounts
in dotted thousands (Rp 850.000.000), a number right after a word naming another kind of number
(rekening, tiket, kode booking, ID pelanggan, tiang, SPT…, up to two words before it, none of
them a phone word such as HP or WA), and the digits of a link (http…, www.…) but for a WhatsApp
link's number. Every e-mail address is masked, in a link too.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import partial

from django.utils.translation import gettext as _

from laksa.lib import phone

_SPACE = r"[ \u00a0]"
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d"
_SEP = rf"(?:{_SPACE}?[.{_DASH}]{_SPACE}?|{_SPACE}|(?<=\)))"
"""Between two groups of a number: one dot or dash (en and em dashes too; spaces around it
allowed), one space, or nothing after a bracketed area code: "(021)5551234"."""
_GROUP = r"\(?\d{1,15}\)?"
_PLUS = "+\uff0b"

_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])"
_TOKEN = re.compile(
    # A report code is kept whole, whatever its digits look like.
    r"(?P<code>(?<![\w-])[A-Za-z][A-Za-z0-9]{0,5}-[0-9]{4}-[0-9]{5}(?![\w-]))"
    r"|(?P<url>(?<![\w.@-])(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)[^\s<>\"]+)"
    rf"|(?P<email>{_EMAIL})"
    rf"|(?P<digits>(?<![\d{_PLUS}])(?:\(?[{_PLUS}]{_SPACE}?)?{_GROUP}(?:{_SEP}{_GROUP})*(?!\d))"
)
_EMAILS = re.compile(_EMAIL)
_DIGIT = re.compile(r"\d")
MIN_DIGITS = 8
"""No phone number has fewer digits (`_is_number`); a text with fewer and no "@" is kept."""
_GROUPS = re.compile(r"\(?\d+\)?")
_WHATSAPP = re.compile(
    r"(?i)(?:https?://)?(?:www\.)?(?:wa\.me|t\.me|(?:api\.|web\.)?whatsapp\.com)"
)
"""Links whose path is a phone number: WhatsApp's, and Telegram's `t.me/+62…`."""
_MOBILE_START = re.compile(rf"\(?(?:[{_PLUS}]|0{_SPACE}?8|62{_SPACE}?8)")
"""A run that starts as a mobile or an international number is a phone whatever word comes
before it ("Pelanggan Budi 0812-…", "Tiket saya hilang 0812…"): no label keeps it."""

_PHONE_WORDS = (
    r"hp|wa|telp|tlp|telepon|telpon|tel|ponsel|handphone|whatsapp|hubungi|kontak|sms|phone|call"
)
_LABEL = re.compile(
    # A word naming a number that is no phone's, up to two more words ("rekening BCA", "tiang
    # PJU nomor", "No. SPT") and a ":" or "#": what follows is that number, however it looks.
    r"(?i)(?<!\w)(?:rekening|rek|norek|tiket|ticket|booking|resi|pesanan|invoice|faktur"
    r"|transaksi|referensi|pelanggan|idpel|tiang|spt|polis|kontrak|registrasi|virtual\s+account"
    r"|(?:no|nomor|id)\.?\s*meter)\.?"
    rf"(?:{_SPACE}+(?!(?:{_PHONE_WORDS})\b)[^\W\d_]{{1,15}}\.?){{0,2}}"
    rf"{_SPACE}*[:#]?{_SPACE}*$"
)
_MOBILE = ("81", "82", "83", "85", "87", "88", "89")
"""The first digits of an Indonesian mobile number after its 0 (86…, 84…, 80… are not: a PLN
meter number "86012345678" is not taken for one)."""


def for_public(text: str, *, official: bool = False) -> str:
    """`text` with every phone number and e-mail address replaced by a marker; the very same
    string when there is none (an Open311 answer without personal data stays byte for byte)."""
    if not text or ("@" not in text and len(_DIGIT.findall(text)) < MIN_DIGITS):
        return text  # most texts: no regex beyond counting (an Open311 list masks each one)
    masked = _TOKEN.sub(partial(_masked, official=official), text)
    return text if masked == text else masked


def note_for_public(note: str, actor_id: int | None) -> str:
    """An event's public note as the public reads it. One no staff user wrote (the reporter's
    confirm note or dispute reason, an outside app's comment) is masked by `for_public`. A staff
    member's keeps what can only be the city's own (a landline such as a hotline, an address at
    .go.id), and still loses a mobile number and any other address: a crew's progress note that
    names the reporter's phone must not publish it."""
    return for_public(note, official=actor_id is not None)


def _masked(match: re.Match[str], *, official: bool = False) -> str:
    if match["url"]:
        return _masked_url(match["url"])
    if match["email"]:
        if official and match["email"].lower().endswith(".go.id"):
            return match[0]  # a government address in a staff member's note: the city's own
        return _("[surel disembunyikan]")
    if match["digits"]:
        if not _MOBILE_START.match(match["digits"]) and _LABEL.search(
            match.string, max(0, match.start() - 60), match.start()
        ):
            return match[0]  # "rekening BCA 8123456789", "tiket #881234567"
        return _masked_run(match["digits"], official=official)
    return match[0]


def _masked_url(url: str) -> str:
    """A link kept as written (its path's digits are an id, not a phone), but for the number in
    a WhatsApp link and any e-mail address in it."""
    whatsapp = _WHATSAPP.match(url)
    if whatsapp:
        return url[: whatsapp.end()] + _TOKEN.sub(_masked, url[whatsapp.end() :])
    return _EMAILS.sub(lambda m: _("[surel disembunyikan]"), url)


def _masked_run(run: str, *, official: bool = False) -> str:
    """A run of digit groups with each phone number in it masked. A number may start at the
    run's first group, or at a group after a space ("tgl 12 0812 3456 7890"); never after a
    dot or dash alone, which would find a number in the decimals of a coordinate."""
    spans = [m.span() for m in _GROUPS.finditer(run)]
    seps = [run[a[1] : b[0]] for a, b in itertools.pairwise(spans)]
    out: list[str] = []
    done = 0  # how much of `run` is in `out`
    i = 0
    while i < len(spans):
        starts_here = i == 0 or any(ch.isspace() for ch in seps[i - 1])
        end = _longest_number(run, spans, seps, i, official) if starts_here else None
        if end is None:
            i += 1
            continue
        begin = 0 if i == 0 else spans[i][0]
        out.append(run[done:begin])
        out.append(_("[nomor disembunyikan]"))
        done = spans[end - 1][1]
        i = end
    out.append(run[done:])
    return "".join(out)


def _longest_number(
    run: str, spans: list[tuple[int, int]], seps: list[str], start: int, official: bool = False
) -> int | None:
    """The end (exclusive group index) of the longest phone number starting at group `start`."""
    plus = start == 0 and run.lstrip(" \u00a0(").startswith(tuple(_PLUS))
    groups = [_ascii(run[a:b].strip("()")) for a, b in spans]
    for end in range(len(groups), start, -1):
        if _is_number(groups[start:end], seps[start : end - 1], plus=plus, official=official):
            return end
    return None


def _ascii(digits: str) -> str:
    """Any script's decimal digits (Arabic-Indic, full-width) as ASCII ones, as
    lib/phone.normalise reads them."""
    return "".join(str(unicodedata.decimal(ch)) for ch in digits)


def _is_number(groups: list[str], seps: list[str], *, plus: bool, official: bool = False) -> bool:
    """Whether these digit groups, joined by `seps`, are one phone number."""
    digits, first = "".join(groups), groups[0]
    if not MIN_DIGITS <= len(digits) <= 15 or any(len(g) < 2 for g in groups[1:]):
        return False  # "0812 3456 7890 2 kali": the 2 is not part of the number
    dotted = any("." in s for s in seps)
    if (
        not plus
        and seps
        and all(s == "." for s in seps)
        and first[0] != "0"
        and len(first) <= 3
        and all(len(g) == 3 for g in groups[1:])
    ):
        return False  # thousands: "Rp 850.000.000", "625.000.000 rupiah"
    if plus:  # "+" before digits is a phone number, Indonesian or not
        national = digits[2:] if digits.startswith("62") else None
    elif digits.startswith("0062"):
        national = digits[4:]
    elif digits.startswith("62") and (first == "62" or len(first) >= 5):
        national = digits[2:]  # "62 812…", "62812…", not "6212-00001"
    elif digits.startswith("0") and len(first) >= 3:
        national = digits[1:]  # "021 …", "0812-…", not the "02" of "02-08-2026"
    elif first == "08" and all(
        len(g) == 2 and s.isspace() for g, s in zip(groups[1:], seps, strict=True)
    ):
        national = digits[1:]  # "08 12 34 56 78 90", read out two by two
    elif (
        digits.startswith(_MOBILE)
        and len(digits) >= 9
        and not dotted
        and (3 <= len(first) <= 4 or first == digits)
    ):
        national = digits  # a mobile written without its 0: "812 3456 7890", not "8123 4567"
    else:
        return False
    if national is not None and not (national[:1] in "23456789" and 8 <= len(national) <= 12):
        return False
    if official and national is not None and not national.startswith("8"):
        return False  # a landline in a staff member's note: the city's own (note_for_public)
    return bool(phone.normalise(("+" if plus else "") + digits))
