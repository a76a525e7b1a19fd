"""Citizen-written text as the public sees it. A reporter types their phone number or e-mail
address into a description, a dispute reason or a confirm note ("hubungi saya 0813-7777-1234");
every public surface (tracking page, API, Open311, the live stream) shows it through
`for_public`, which masks both. Staff screens read the stored text as written.

Only what is surely a phone number is masked: a run of digits that starts as an Indonesian
number does (`0…`, `62…`, `+62…`, `0062…`, `(021)…`, or a mobile's `8…` without its 0; any
`+…` international number) and has the length of one (lib/phone.normalise decides the last
word). Report codes (TNG-2612-00001), dates, times, amounts, street and RT/RW numbers and
coordinates do not start or run that way, and are kept.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from laksa.lib import phone

_SPACE = r"[ \u00a0]"
_SEP = rf"(?:{_SPACE}?[.\-]{_SPACE}?|{_SPACE}|(?<=\)))"
"""Between two groups of a number: one dash or dot (spaces around it allowed), one space, or
nothing after a bracketed area code: "(021)5551234"."""
_GROUP = r"\(?[0-9]{1,15}\)?"

_TOKEN = re.compile(
    # A report code is kept whole, whatever its digits look like.
    r"(?P<code>(?<![\w-])[A-Za-z][A-Za-z0-9]{0,5}-[0-9]{4}-[0-9]{5}(?![\w-]))"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-]))"
    rf"|(?P<digits>(?<![0-9+])(?:\+{_SPACE}?)?{_GROUP}(?:{_SEP}{_GROUP})*(?![0-9]))"
)
_GROUPS = re.compile(r"\(?[0-9]+\)?")


def for_public(text: str) -> str:
    """`text` with every phone number and e-mail address replaced by a marker; the very same
    string when there is none (an Open311 answer without personal data stays byte for byte)."""
    if not text or ("@" not in text and not any(ch.isdigit() for ch in text)):
        return text
    masked = _TOKEN.sub(_masked, text)
    return text if masked == text else masked


def _masked(match: re.Match[str]) -> str:
    if match["email"]:
        return _("[surel disembunyikan]")
    if match["digits"]:
        return _masked_run(match["digits"])
    return match[0]


def _masked_run(run: str) -> str:
    """A run of digit groups with each phone number in it masked. A number may start at the
    run's first group, or at a group after a space ("tgl 12 0812 3456 7890"); never after a
    dot or dash alone, which would find a number in the decimals of a coordinate."""
    spans = [m.span() for m in _GROUPS.finditer(run)]
    out: list[str] = []
    done = 0  # how much of `run` is in `out`
    i = 0
    while i < len(spans):
        starts_here = i == 0 or any(ch.isspace() for ch in run[spans[i - 1][1] : spans[i][0]])
        end = _longest_number(run, spans, i) if starts_here else None
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


def _longest_number(run: str, spans: list[tuple[int, int]], start: int) -> int | None:
    """The end (exclusive group index) of the longest phone number starting at group `start`."""
    plus = start == 0 and run.lstrip().startswith("+")
    groups = [run[a:b].strip("()") for a, b in spans]
    for end in range(len(groups), start, -1):
        if _is_number(groups[start:end], plus=plus):
            return end
    return None


def _is_number(groups: list[str], *, plus: bool) -> bool:
    digits, first = "".join(groups), groups[0]
    if not 8 <= len(digits) <= 15 or any(len(g) < 2 for g in groups[1:]):
        return False  # "0812 3456 7890 2 kali": the 2 is not part of the number
    if plus:  # "+" before digits is a phone number, Indonesian or not
        national = digits[2:] if digits.startswith("62") else None
    elif digits.startswith("0062"):
        national = digits[4:]
    elif digits.startswith("62") and (first == "62" or len(first) >= 5):
        national = digits[2:]  # "62 812…", "62812…", not "6212-00001"
    elif digits.startswith("0") and len(first) >= 3:
        national = digits[1:]  # "021 …", "0812-…", not the "02" of "02-08-2026"
    elif (
        digits.startswith("8") and digits[1:2] != "0" and (3 <= len(first) <= 4 or first == digits)
    ):
        national = digits  # a mobile written without its 0: "812 3456 7890"
    else:
        return False
    if national is not None and not (national[:1] in "23456789" and 8 <= len(national) <= 12):
        return False
    return bool(phone.normalise(("+" if plus else "") + digits))
