"""The Open311 door (GeoReport v2 POST Service Request): its parameters, as the open311 app read
them, turned into intake's Inbound; and intake's problems in Open311's words. The application's
id namespaces the Idempotency-Key, and every parameter but the key makes the request's
fingerprint. A submitter field that cannot be kept (an unreadable phone or e-mail address, a
media_url too long) is left out, and said in a note for the LIVE Room (a phone's or an e-mail
address's value is not quoted there): the spec makes them optional, and the complaint is worth
more than its contact details."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.intake.errors import Problem
from laksa.intake.inbound import Inbound
from laksa.intake.receive import fingerprint
from laksa.lib.images import ProcessedImage
from laksa.lib.phone import normalise
from laksa.org.models import Application, Area
from laksa.reports.actions import ContactInput
from laksa.reports.models import Channel

NOT_IN_FINGERPRINT = {"api_key", "idempotency_key"}
MAX_PHONE = 20
"""ReporterContact.phone's length."""
MAX_EMAIL = 254
"""ReporterContact.email's length: a longer address is left out (cut to it, it could be another
person's)."""
MAX_SHOWN = 100
"""Characters of a value left out that its note quotes."""
_WRITTEN_PHONE = re.compile(r"^\+?[\d\s().-]+$")
"""Digits and the marks people write between them; "ext. 12" would add digits to the number."""


def inbound(
    params: Mapping[str, list[str]],
    *,
    application: Application | None,
    category: Category,
    key: str,
    point: tuple[float, float] | None,
    area: Area | None,
    address: str,
    answers: Mapping[str, Any],
    photos: list[ProcessedImage],
    files: Iterable[IO[bytes]],
    media_url: str,
    notes: Iterable[str] = (),
) -> Inbound:
    """`params` is every parameter of the request (body and query), as lists; `notes` what the
    open311 app already left out or could not place, for the LIVE Room."""

    def one(name: str) -> str:
        values = [v.strip() for v in params.get(name, []) if v.strip()]
        return values[-1] if values else ""

    name = " ".join(filter(None, [one("first_name"), one("last_name")]))
    notes = list(notes)
    # The notes say what was left out and why, never the value: an internal note reaches field
    # crews and executives, the reporter's contact only the roles that triage.
    phone = _phone(one("phone"))
    if phone is None:
        phone = ""
        notes.append(
            _(
                "Nomor telepon pelapor tidak disimpan: tidak terbaca sebagai nomor dan lebih "
                "dari %(max)d karakter."
            )
            % {"max": MAX_PHONE}
        )
    email = one("email")
    if len(email) > MAX_EMAIL:
        notes.append(
            _("Alamat surel pelapor tidak disimpan: lebih dari %(max)d karakter.")
            % {"max": MAX_EMAIL}
        )
        email = ""
    elif email and not _valid_email(email):
        notes.append(_("Alamat surel pelapor tidak disimpan: tidak valid."))
        email = ""
    return Inbound(
        channel=Channel.OPEN311,
        text=one("description") or category.name,
        account=str(application.pk) if application else "",
        message_id=key,
        fingerprint=fingerprint(
            {k: v for k, v in sorted(params.items()) if k not in NOT_IN_FINGERPRINT}, files
        ),
        photos=photos,
        lat=point[0] if point else None,
        lng=point[1] if point else None,
        area=area,
        address=address,
        category=category,
        answers=answers,
        contact=ContactInput(name=name[:120], phone=phone, email=email),
        application=application,
        media_url=media_url,
        note=" ".join(notes),
    )


def _phone(written: str) -> str | None:
    """The phone as `+62…` when it reads as a number; else as written (Open311 says nothing of
    its form, and a client's "555-1234" is no reason to refuse the report), when it fits the
    column. A longer one is None, left out: cut to the column, a number could become another
    person's."""
    written = written.strip()
    readable = normalise(written) if _WRITTEN_PHONE.match(written) else ""
    if readable or len(written) <= MAX_PHONE:
        return readable or written
    return None


def _valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def shown(value: str) -> str:
    """A value left out (a media_url, an address_id), as the note quotes it: short enough to
    read. Never a contact's value."""
    return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"


def said(problem: Problem) -> str:
    """A problem in Open311's words: an extra question is an `attribute[code]`."""
    if problem.field and problem.field.startswith("answers."):
        return f"attribute[{problem.field.removeprefix('answers.')}]: {problem.message}"
    if problem.field == "contact.email":
        return f"email: {problem.message}"
    if problem.field == "contact.phone":
        return f"phone: {problem.message}"
    return problem.message
