"""The one check of everything a report needs, whatever door it came through: the text, the
category and its questions, the place, the photos and the contact. Every problem is reported at
once (errors.Rejected); what passes is a reports.actions.NewReport, which create_report stores
without checking again."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from laksa.catalog.answers import clean_answers
from laksa.catalog.models import Category
from laksa.intake.categories import catch_all, guessed_category, questions_for
from laksa.intake.errors import Problem, Rejected
from laksa.intake.inbound import Inbound
from laksa.intake.places import named_area
from laksa.lib.geo import valid_point
from laksa.lib.phone import normalise
from laksa.org.geo import distance_outside_m
from laksa.org.models import Jurisdiction
from laksa.reports.actions import MAX_DESCRIPTION, ContactInput, NewReport


def validate(inbound: Inbound, jurisdiction: Jurisdiction) -> NewReport:
    problems: list[Problem] = []
    text = (inbound.text or "").strip()
    if not text:
        problems.append(Problem("description", _("Uraian masalah wajib diisi.")))
    elif len(text) > MAX_DESCRIPTION:
        problems.append(
            Problem("description", _("Uraian terlalu panjang (maksimal 4.000 karakter)."))
        )

    category, answers = inbound.category, dict(inbound.answers)
    if category is not None:
        if category.jurisdiction_id != jurisdiction.pk or not category.active:
            problems.append(Problem("category", _("Kategori ini tidak aktif.")))
        else:
            if not Category.jurisdiction.is_cached(category):
                category.jurisdiction = jurisdiction  # the same row: no query for it later
            answers, wrong = clean_answers(category, answers, questions_for(category))
            problems += [
                Problem(f"answers.{code}", " ".join(errors)) for code, errors in wrong.items()
            ]
    else:
        # The door could not ask: the LIVE Room sets the category, and asks what it must.
        category = guessed_category(jurisdiction, text) or catch_all(jurisdiction)
        answers = {}
        if category is None:
            problems.append(Problem("category", _("Kategori wajib dipilih.")))

    lat, lng, area = inbound.lat, inbound.lng, None
    if lat is None or lng is None:
        if lat is not None or lng is not None:
            problems.append(Problem("point", _("Lokasi tidak valid.")))
        else:
            area = inbound.area or named_area(jurisdiction, inbound.address or text)
    elif not valid_point(lat, lng):
        problems.append(Problem("point", _("Lokasi tidak valid.")))
    elif distance_outside_m(jurisdiction, lat, lng) > settings.LAKSA_MAX_KM_OUTSIDE_CITY * 1000:
        problems.append(
            Problem(
                "point",
                _("Lokasi terlalu jauh dari %(city)s: lebih dari %(km)s km di luar wilayahnya.")
                % {"city": jurisdiction.name, "km": f"{settings.LAKSA_MAX_KM_OUTSIDE_CITY:g}"},
            )
        )

    limit = settings.LAKSA_PHOTOS_PER_REPORT
    if len(inbound.photos) > limit:
        problems.append(
            Problem("photos", _("Paling banyak %(n)d foto per laporan.") % {"n": limit})
        )

    contact = inbound.contact or _contact_of(inbound.sender, inbound.sender_name)
    if contact is not None and contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            problems.append(Problem("contact.email", _("Alamat surel tidak valid.")))

    if problems:
        raise Rejected(problems)
    assert category is not None
    return NewReport(
        category=category,
        description=text,
        channel=inbound.channel,
        lat=lat,
        lng=lng,
        area=area,
        photos=inbound.photos,
        address=(inbound.address or "").strip()[:250],
        answers=answers,
        contact=contact,
        anonymous=inbound.anonymous,
        public=inbound.public,
        idempotency_key=inbound.idempotency_key(),
        idempotency_fingerprint=inbound.fingerprint,
        application=inbound.application,
        media_url=inbound.media_url,
        note=inbound.note,
    )


def _contact_of(sender: str, name: str) -> ContactInput | None:
    """The sender's handle as the reporter's contact: a phone number or an e-mail address."""
    sender = (sender or "").strip()
    if not sender:
        return None
    if "@" in sender:
        return ContactInput(name=name.strip()[:120], email=sender[:254])
    phone = normalise(sender)
    return ContactInput(name=name.strip()[:120], phone=phone) if phone else None
