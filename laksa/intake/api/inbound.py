"""The JSON API's door (`POST /api/v1/reports`, the city's app and outside apps): its body, as
django-ninja parsed it, turned into intake's Inbound; and intake's problems as the API names
their fields. The caller (its application, or none) namespaces the Idempotency-Key, and the
whole body with every photo's bytes makes the request's fingerprint: the first report, with its
secret, goes back only to the same request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any
from uuid import UUID

from laksa.catalog.models import Category
from laksa.intake.errors import Problem
from laksa.intake.inbound import Inbound
from laksa.intake.receive import fingerprint
from laksa.lib.images import ProcessedImage
from laksa.org.models import Application
from laksa.reports.actions import ContactInput
from laksa.reports.models import Channel

FIELD = {"point": "lat"}
"""An intake problem's field as this API names it (answers.<code>, photos, ... are the same)."""


def inbound(
    body: Mapping[str, Any],
    *,
    application: Application | None,
    category: Category,
    answers: Mapping[str, Any],
    photos: list[ProcessedImage],
    files: Iterable[IO[bytes]],
    client_id: UUID | None,
) -> Inbound:
    """`body` is the request's fields as the API's schema cleaned them (ReportIn)."""
    return Inbound(
        channel=Channel.APP if application else Channel.WEB,
        text=body["description"],
        account=f"api:{application.pk if application else 0}",
        message_id=str(client_id) if client_id else "",
        fingerprint=fingerprint(dict(body), files) if client_id else "",
        photos=photos,
        lat=body["lat"],
        lng=body["lng"],
        address=body["address"].strip(),
        category=category,
        answers=answers,
        contact=ContactInput(
            name=body["contact_name"].strip(),
            phone=body["contact_phone"].strip(),
            email=body["contact_email"].strip(),
        ),
        anonymous=body["anonymous"],
        application=application,
    )


def field_of(problem: Problem) -> str | None:
    return FIELD.get(problem.field or "", problem.field)
