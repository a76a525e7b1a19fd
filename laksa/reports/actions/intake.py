"""A new report, from any door: the one place a report is created."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.lib.geo import cell_of, valid_point
from laksa.lib.images import ProcessedImage
from laksa.org.geo import locate
from laksa.org.models import Application
from laksa.reports import photo_files
from laksa.reports.actions._core import (
    MAX_DESCRIPTION,
    _actor_label,
    _is_user,
    _next_code,
    _photo_limit,
    _store_photo,
)
from laksa.reports.errors import InvalidInput
from laksa.reports.events import record_event
from laksa.reports.models import (
    EventKind,
    PhotoKind,
    Report,
    ReporterContact,
)
from laksa.reports.sla import due_times
from laksa.reports.statuses import Status


@dataclass
class ContactInput:
    name: str = ""
    phone: str = ""
    email: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email)


@dataclass
class NewReport:
    """What any channel hands over to create a report, already parsed but not yet trusted."""

    category: Category
    description: str
    lat: float
    lng: float
    channel: str
    photos: Sequence[ProcessedImage] = ()
    address: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    contact: ContactInput | None = None
    anonymous: bool = False
    idempotency_key: str | None = None
    idempotency_fingerprint: str = ""
    application: Application | None = None
    media_url: str = ""


def create_report(new: NewReport, *, actor: Any = None, now: datetime | None = None) -> Report:
    """Accept a report from any channel. A repeated idempotency key returns the first report."""
    jurisdiction = new.category.jurisdiction
    description = (new.description or "").strip()
    if not description:
        raise InvalidInput(_("Uraian masalah wajib diisi."))
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(_("Uraian terlalu panjang (maksimal 4.000 karakter)."))
    if not valid_point(new.lat, new.lng):
        raise InvalidInput(_("Lokasi tidak valid."))
    if not new.category.active:
        raise InvalidInput(_("Kategori ini tidak aktif."))
    if len(new.photos) > settings.LAKSA_PHOTOS_PER_REPORT:
        raise InvalidInput(_("Paling banyak %(n)d foto per laporan.") % _photo_limit())
    if new.idempotency_key:
        existing = Report.objects.filter(
            channel=new.channel, idempotency_key=new.idempotency_key
        ).first()
        if existing:
            return existing

    now = now or clock.now()
    located = locate(jurisdiction, new.lat, new.lng)
    respond_due, resolve_due = due_times(new.category, now)
    try:
        with photo_files.removed_on_failure(), transaction.atomic():
            contact = None
            if new.contact and not new.contact.is_empty():
                contact = ReporterContact.objects.create(
                    name="" if new.anonymous else new.contact.name[:120],
                    phone=new.contact.phone[:20],
                    email=new.contact.email[:254],
                    created_at=now,
                )
            report = Report.objects.create(
                jurisdiction=jurisdiction,
                code=_next_code(jurisdiction, now),
                category=new.category,
                description=description,
                answers=new.answers,
                address=new.address[:250],
                lat=new.lat,
                lng=new.lng,
                h3_r9=cell_of(new.lat, new.lng),
                kelurahan_id=located.area_id if located else None,
                kecamatan_id=located.parent_id if located else None,
                outside_area=located is None,
                status=Status.NEW,
                agency=new.category.agency,
                channel=new.channel,
                idempotency_key=new.idempotency_key or None,
                idempotency_fingerprint=new.idempotency_fingerprint[:64],
                contact=contact,
                anonymous=new.anonymous,
                application=new.application,
                media_url=new.media_url[:500],
                public=new.category.public,
                respond_due_at=respond_due,
                resolve_due_at=resolve_due,
                next_escalation_at=min(respond_due, resolve_due),
                created_at=now,
                updated_at=now,
            )
            for processed in new.photos:
                _store_photo(report, processed, PhotoKind.BEFORE, by=actor, now=now)
            record_event(
                report=report,
                kind=EventKind.CREATED,
                actor=actor if _is_user(actor) else None,
                actor_label=_actor_label(actor, fallback=_("Warga")),
                to_status=Status.NEW,
                public_note=_("Laporan diterima."),
                internal_note=_("Titik di luar wilayah kota: periksa untuk dirujuk.")
                if located is None
                else "",
                data={"channel": new.channel, "photos": len(new.photos)}
                | ({"application": new.application.name} if new.application else {}),
                created_at=now,
            )
    except IntegrityError:
        if new.idempotency_key:
            existing = Report.objects.filter(
                channel=new.channel, idempotency_key=new.idempotency_key
            ).first()
            if existing:
                return existing
        raise
    return report
