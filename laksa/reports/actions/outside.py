"""Updates posted by outside sites (FixMyStreet's servicerequestupdates) on public reports."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from laksa.lib import clock
from laksa.org.models import Application
from laksa.reports.actions._core import MAX_DESCRIPTION
from laksa.reports.errors import InvalidInput, NotAllowed
from laksa.reports.events import record_event
from laksa.reports.models import (
    EventKind,
    Report,
    ReportEvent,
)

MAX_UPDATE_ID = 100
"""The longest update id taken; a longer one is refused, not cut (two updates would be one)."""


def add_outside_update(
    report: Report,
    *,
    application: Application,
    update_id: str,
    text: str,
    status: str = "",
    at: datetime | None = None,
    media_url: str = "",
    now: datetime | None = None,
) -> tuple[ReportEvent, bool]:
    """An update posted by an outside site (FixMyStreet's servicerequestupdates) on a public report:
    a public note in its history, with the media URL it came with (a validated http(s) URL). The status it names is kept in the event, not applied: only
    the city's own staff and the reporter move a report. Idempotent per (application, update_id);
    returns (event, created)."""
    now = now or clock.now()
    text = (text or "").strip()
    update_id = (update_id or "").strip()
    if not text:
        raise InvalidInput(_("Isi pembaruan wajib diisi."))
    if not update_id:
        raise InvalidInput(_("update_id wajib diisi."))
    if len(update_id) > MAX_UPDATE_ID:
        raise InvalidInput(_("update_id terlalu panjang (maksimal 100 karakter)."))
    if not report.public:
        raise NotAllowed(_("Laporan ini tidak bisa diperbarui dari luar."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        seen = ReportEvent.objects.filter(
            report=locked,
            kind=EventKind.COMMENT,
            data__application_id=application.pk,
            data__update_id=update_id,
        ).first()
        if seen is not None:
            return seen, False
        event = record_event(
            report=locked,
            kind=EventKind.COMMENT,
            actor_label=application.name[:120],
            public_note=text[:MAX_DESCRIPTION],
            data={
                "application_id": application.pk,
                "update_id": update_id,
                "status": status[:40],
                "at": at.isoformat() if at else None,
                **({"media_url": media_url[:500]} if media_url else {}),
            },
            created_at=now,
        )
        return event, True
