"""A new report, from any door: the one place a report is created."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.lib.geo import cell_of
from laksa.lib.images import ProcessedImage
from laksa.lib.inserts import insert, ready
from laksa.org.geo import locate
from laksa.org.models import Application, Area, AreaLevel, Jurisdiction
from laksa.reports import photo_files
from laksa.reports.actions._core import (
    _actor_label,
    _code_ahead,
    _is_user,
    _next_code,
    _photo_with_files,
)
from laksa.reports.events import prepare_event, record_prepared
from laksa.reports.models import (
    Channel,
    EventKind,
    Photo,
    PhotoKind,
    PlaceSource,
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
    """A report that intake/ validated (intake.validate): the category is active and its questions
    answered, the text and photos within bounds, the point valid or absent. Whatever door it
    came through, this is what creates a report."""

    category: Category
    description: str
    channel: str
    lat: float | None = None
    lng: float | None = None
    area: Area | None = None
    """With no point: the kelurahan or kecamatan the address named, if any; the report is put at
    its centre, marked (PlaceSource.AREA)."""
    photos: Sequence[ProcessedImage] = ()
    address: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    contact: ContactInput | None = None
    anonymous: bool = False
    public: bool | None = None
    """None: as the category says (Category.public)."""
    idempotency_key: str | None = None
    idempotency_fingerprint: str = ""
    application: Application | None = None
    media_url: str = ""
    retry_of: Report | None = None
    """The same sender's same report a few minutes ago, without a key (intake.retries): this one
    is kept hidden and offered to the LIVE Room as its likely duplicate."""
    note: str = ""
    """For the LIVE Room, in the creation event's internal note (Inbound.note)."""


def retry_key(new: NewReport) -> str:
    """What the sender sent, as the report stores it: jurisdiction, channel, application,
    category, text, address, point (or the named area's centre, or none) and contact (the name
    left out when anonymous). Two reports with the same key are the same request sent twice
    (intake.retries)."""
    lat, lng = new.lat, new.lng
    if lat is None and new.area is not None:
        lat, lng = new.area.centroid_lat, new.area.centroid_lng
    contact = new.contact
    who = (
        None
        if contact is None or contact.is_empty()
        else ["" if new.anonymous else contact.name[:120], contact.phone[:20], contact.email[:254]]
    )
    sent = [
        new.category.jurisdiction_id,
        new.channel,
        new.application.pk if new.application else None,
        new.category.pk,
        new.description.strip(),
        new.address[:250],
        lat,
        lng,
        who,
    ]
    return hashlib.sha256(json.dumps(sent).encode()).hexdigest()[:32]


def create_report(
    new: NewReport, *, actor: Any = None, now: datetime | None = None, key_checked: bool = False
) -> Report:
    """Store a validated report (see NewReport). A repeated idempotency key returns the first
    report (`key_checked`: the caller has just looked for it; one made since is still found).
    A report without a point is kept and marked for the LIVE Room to place."""
    jurisdiction = new.category.jurisdiction
    if new.idempotency_key and not key_checked:
        existing = Report.objects.filter(
            channel=new.channel, idempotency_key=new.idempotency_key
        ).first()
        if existing:
            return existing

    now = now or clock.now()
    place = _place(jurisdiction, new)
    lat, lng = new.lat, new.lng
    if lat is None and new.area is not None:
        # On the map at the centre of the area the address named, marked as such, so the LIVE
        # Room sees it and the crew knows to look: better than a report nobody can see.
        lat, lng = new.area.centroid_lat, new.area.centroid_lng
    respond_due, resolve_due = due_times(new.category, now)
    key = retry_key(new)
    # Everything that needs no lock is built first: inside the transaction SQLite's one writer
    # (and on PostgreSQL the month's code counter) waits for the rows alone.
    report = Report(
        jurisdiction=jurisdiction,
        category=new.category,
        description=new.description.strip(),
        answers=new.answers,
        address=new.address[:250],
        lat=lat,
        lng=lng,
        h3_r9=place.cell,
        place_source=place.source,
        kelurahan_id=place.kelurahan_id,
        kecamatan_id=place.kecamatan_id,
        outside_area=place.outside,
        status=Status.NEW,
        agency=new.category.agency,
        channel=new.channel,
        idempotency_key=new.idempotency_key or None,
        idempotency_fingerprint=new.idempotency_fingerprint[:64],
        # A hidden copy keeps no key: a later send is a retry of the first, the report the
        # public sees, never of a copy (intake.retries).
        retry_key="" if new.retry_of is not None else key,
        anonymous=new.anonymous,
        application=new.application,
        media_url=new.media_url[:500],
        public=_public(new),
        respond_due_at=respond_due,
        resolve_due_at=resolve_due,
        next_escalation_at=min(respond_due, resolve_due),
        created_at=now,
        updated_at=now,
    )
    contact = None
    if new.contact and not new.contact.is_empty():
        contact = ReporterContact(
            name="" if new.anonymous else new.contact.name[:120],
            phone=new.contact.phone[:20],
            email=new.contact.email[:254],
            created_at=now,
        )
    created = {
        "kind": EventKind.CREATED,
        "actor": actor if _is_user(actor) else None,
        "actor_label": _actor_label(actor, jurisdiction, fallback=_("Warga")),
        "to_status": Status.NEW,
        "public_note": _("Laporan diterima."),
        "internal_note": " ".join(filter(None, [_retry_note(new), place.note, new.note])),
        "data": {"channel": new.channel, "photos": len(new.photos)}
        | ({"application": new.application.name} if new.application else {})
        | ({"likely_retry_of": new.retry_of.code} if new.retry_of else {}),
        "created_at": now,
    }
    try:
        with photo_files.removed_on_failure():
            # The files first, outside the transaction, for the same reason.
            photos = [
                _photo_with_files(
                    processed, PhotoKind.BEFORE, by=actor, now=now, jurisdiction=jurisdiction
                )
                for processed in new.photos
            ]
            code = _code_ahead(jurisdiction, now)
            # The rows' values, before the writer: only the code and the links are read inside.
            row = ready(report, later=["code", "contact"])
            event = prepare_event(report=report, **created)
            # Inside a caller's transaction (the inbox's row, a chat conversation), no savepoint
            # of its own: two statements more for every report, for a rollback the caller's
            # transaction does anyway (see the except below).
            with transaction.atomic(savepoint=False):
                report.contact = insert(contact) if contact else None
                report.code = code or _next_code(jurisdiction, now)
                row.insert()
                for photo in photos:
                    photo.report = report
                Photo.objects.bulk_create(photos)
                record_prepared(event)
    except IntegrityError:
        # Another request with the key made the report first, at the same moment: it is given
        # back. In a caller's transaction that transaction is spoilt and rolls back; its retry
        # (the inbox's next try) finds the report by the key before it writes.
        if new.idempotency_key and not connection.in_atomic_block:
            existing = Report.objects.filter(
                channel=new.channel, idempotency_key=new.idempotency_key
            ).first()
            if existing:
                return existing
        raise
    return report


def _public(new: NewReport) -> bool:
    if new.retry_of is not None:
        return False  # never published twice: the LIVE Room decides
    if new.channel == Channel.GUESTBOOK:
        return False  # a letter, from its door or typed in at the call centre: never public
    return new.category.public if new.public is None else new.public


def _retry_note(new: NewReport) -> str:
    if new.retry_of is None:
        return ""
    return _(
        "Kemungkinan kiriman ulang dari %(code)s (pengirim, uraian, kategori dan lokasi sama): "
        "tidak dipublikasikan; gabungkan bila memang sama."
    ) % {"code": new.retry_of.code}


@dataclass(frozen=True)
class _Place:
    source: str
    cell: int | None = None
    kelurahan_id: int | None = None
    kecamatan_id: int | None = None
    outside: bool = False
    note: str = ""


def _place(jurisdiction: Jurisdiction, new: NewReport) -> _Place:
    """Where the report is, as far as the door knew: a point matched to its kelurahan, or only
    the area an address named, or nothing (the LIVE Room places it)."""
    if new.lat is not None and new.lng is not None:
        located = locate(jurisdiction, new.lat, new.lng)
        return _Place(
            PlaceSource.POINT,
            cell_of(new.lat, new.lng),
            located.area_id if located else None,
            located.parent_id if located else None,
            outside=located is None,
            note="" if located else _("Titik di luar wilayah kota: periksa untuk dirujuk."),
        )
    wanted = _("Belum ada titik lokasi: tentukan di peta sebelum diteruskan.")
    if new.area is None:
        return _Place(PlaceSource.NONE, note=wanted)
    centre = _("Titik sementara di tengah %(area)s dari alamat: perbaiki di peta bila perlu.") % {
        "area": new.area.name
    }
    cell = cell_of(new.area.centroid_lat, new.area.centroid_lng)
    if new.area.level == AreaLevel.KELURAHAN:
        return _Place(PlaceSource.AREA, cell, new.area.pk, new.area.parent_id, note=centre)
    return _Place(PlaceSource.AREA, cell, None, new.area.pk, note=centre)
