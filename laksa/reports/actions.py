"""Every change to a report. Each action checks who may do it from which status, then writes the
change and exactly one ReportEvent in one transaction; a refused action raises and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.lib.geo import cell_of, valid_point
from laksa.lib.images import ProcessedImage
from laksa.org import permissions
from laksa.org.geo import locate
from laksa.org.models import Agency, AgencyKind, Application, Jurisdiction
from laksa.reports import photo_files
from laksa.reports import proof as proof_checks
from laksa.reports.available import reporter_actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed, StaleReport
from laksa.reports.events import record_event
from laksa.reports.models import (
    CodeCounter,
    EventKind,
    Photo,
    PhotoKind,
    Priority,
    ProofLocation,
    Report,
    ReporterContact,
    ReportEvent,
    Support,
)
from laksa.reports.selectors import staff_can_see
from laksa.reports.sla import due_times
from laksa.reports.statuses import IN_HAND, OPEN_STATUSES, Status
from laksa.reports.transitions import can_move

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 4000


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


# --- creating -------------------------------------------------------------------------------------


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


def _photo_limit() -> dict[str, int]:
    return {"n": settings.LAKSA_PHOTOS_PER_REPORT}


def _next_code(jurisdiction: Jurisdiction, now: datetime) -> str:
    """A short code a citizen can read over the phone: PREFIX-YYMM-NNNNN, counted per month."""
    period = timezone.localtime(now, jurisdiction.tz).strftime("%y%m")
    counter, _created = CodeCounter.objects.get_or_create(jurisdiction=jurisdiction, period=period)
    CodeCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    number = CodeCounter.objects.values_list("last", flat=True).get(pk=counter.pk)
    return f"{jurisdiction.code_prefix}-{period}-{number:05d}"


def _store_photo(
    report: Report,
    processed: ProcessedImage,
    kind: str,
    *,
    by: Any,
    now: datetime,
    verdict: proof_checks.Verdict | None = None,
) -> Photo:
    photo = Photo(
        report=report,
        kind=kind,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
        dhash=processed.dhash,
        taken_at=_aware(processed.taken_at, report.jurisdiction),
        gps_lat=processed.gps[0] if processed.gps else None,
        gps_lng=processed.gps[1] if processed.gps else None,
        uploaded_by=by if _is_user(by) else None,
        created_at=now,
    )
    if verdict is not None:
        photo.taken_at = verdict.taken_at
        photo.time_source = verdict.time_source
        photo.location_source = verdict.location_source
        photo.distance_m = verdict.distance_m
    name = photo.uuid.hex
    photo.image.save(f"{name}.jpg", ContentFile(processed.display), save=False)
    photo_files.written(photo.image.name)
    photo.thumbnail.save(f"{name}-t.jpg", ContentFile(processed.thumbnail), save=False)
    photo_files.written(photo.thumbnail.name)
    photo.save()
    return photo


def _aware(naive: datetime | None, jurisdiction: Jurisdiction) -> datetime | None:
    # EXIF times carry no zone; a phone in the city is on the city's clock.
    if naive is None:
        return None
    return naive.replace(tzinfo=jurisdiction.tz) if naive.tzinfo is None else naive


# --- the common path of every status change --------------------------------------------------------


def _transition(
    report: Report,
    *,
    by: Any,
    to: str,
    kind: str = EventKind.STATUS,
    public_note: str = "",
    internal_note: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
    actor_label: str = "",
) -> ReportEvent:
    """Lock the row, check the move, write the change and its event. Call inside atomic()."""
    now = now or clock.now()
    locked = _lock_current(report, expected_version)
    from_status = locked.status
    if not can_move(from_status, to):
        raise IllegalTransition(
            _("Tidak bisa dari status %(from)s ke %(to)s.")
            % {"from": Status(from_status).label, "to": Status(to).label}
        )
    changes = dict(changes or {})
    changes.update(status=to, version=locked.version + 1, updated_at=now)
    if to in OPEN_STATUSES:
        # The sweep moved `next_escalation_at` on for the status the report had (in hand, only
        # the fix is watched); coming back, the sweep must look again from the report's own due
        # times and the ladder, so it reads the report at its next run.
        changes["next_escalation_at"] = now
    for name, value in changes.items():
        setattr(locked, name, value)
        setattr(report, name, value)
    locked.save(update_fields=list(changes))
    return record_event(
        report=locked,
        kind=kind,
        actor=by if _is_user(by) else None,
        actor_label=actor_label or _actor_label(by, fallback=_("Sistem")),
        from_status=from_status,
        to_status=to,
        public_note=public_note,
        internal_note=internal_note,
        data=data or {},
        created_at=now,
    )


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _actor_label(actor: Any, *, fallback: str) -> str:
    if not _is_user(actor):
        return fallback
    ms = permissions.memberships(actor)
    role = ms[0].get_role_display() if ms else _("Administrator")
    # The LIVE Room acts for the whole city, whichever agency an operator comes from: a citizen
    # reading "Operator ... Dinas Kesehatan" on a road report would think Dinkes handles it.
    acts_for_city = not ms or ms[0].role in permissions.TRIAGE_ROLES
    scope = None if acts_for_city else ms[0].agency or ms[0].area
    return f"{role} {scope}" if scope else str(role)


def _require_triage(user: Any) -> None:
    if not permissions.can_triage(user):
        raise NotAllowed(_("Hanya operator yang boleh melakukan ini."))


def _require_handler(user: Any, report: Report, *, or_support: bool = False) -> None:
    """The user works for the report's lead agency (or, with `or_support`, a co-agency)."""
    agencies = permissions.handled_agency_ids(user)
    if report.agency_id is not None and report.agency_id in agencies:
        return
    if or_support and report.co_agencies.filter(pk__in=agencies).exists():
        return
    raise NotAllowed(_("Laporan ini bukan untuk instansi Anda."))


# --- triage (operators) ---------------------------------------------------------------------------


def verify_report(
    report: Report,
    *,
    by: Any,
    agency: Agency | None = None,
    category: Category | None = None,
    co_agencies: Sequence[Agency] | None = None,
    public_note: str = "",
    internal_note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Check a new report, set its category, and route it to a lead agency or area office, with
    optional co-agencies that support it (None keeps the current ones, [] clears them).

    Called again on a verified or in-hand report, it re-routes (DESIGN.md §2: any time before done).
    """
    _require_triage(by)
    category = category or report.category
    agency = agency or category.agency
    if agency.jurisdiction_id != report.jurisdiction_id or agency.kind == AgencyKind.EXTERNAL:
        raise InvalidInput(_("Laporan hanya bisa diteruskan ke instansi kota atau kantor wilayah."))
    if category.jurisdiction_id != report.jurisdiction_id:
        raise InvalidInput(_("Kategori tidak dikenal."))
    helpers = None
    if co_agencies is not None:
        helpers = sorted({a.pk: a for a in co_agencies if a.pk != agency.pk}.values(), key=str)
        if any(
            a.jurisdiction_id != report.jurisdiction_id or a.kind == AgencyKind.EXTERNAL
            for a in helpers
        ):
            raise InvalidInput(_("Instansi pendukung harus instansi kota atau kantor wilayah."))
    rerouting = report.status != Status.NEW
    now = now or clock.now()
    changes: dict[str, Any] = {"agency": agency, "category": category}
    if category.pk != report.category_id:
        # A new category brings its own targets, counted from when the citizen reported.
        changes["respond_due_at"], changes["resolve_due_at"] = due_times(
            category, report.created_at
        )
    if report.status in IN_HAND:
        # The job had been taken and now waits again: the agency it goes to must answer within
        # the category's response target, counted from now.
        changes["respond_due_at"] = due_times(category, now)[0]
    if not rerouting:
        changes["verified_at"] = now
    else:
        changes["dispatched_at"] = None
    data: dict[str, Any] = {
        "agency": agency.code,
        "category": category.code,
        "rerouted": rerouting,
    }
    with transaction.atomic():
        if helpers is not None:
            data["co_agencies"] = [a.code for a in helpers]
        event = _transition(
            report,
            by=by,
            to=Status.VERIFIED,
            kind=EventKind.ROUTED,
            public_note=public_note
            or _("Laporan diverifikasi dan diteruskan ke %(agency)s.") % {"agency": agency.name},
            internal_note=internal_note,
            data=data,
            changes=changes,
            expected_version=expected_version,
            now=now,
        )
        if helpers is not None:
            report.co_agencies.set(helpers)
        return event


def reject_report(
    report: Report,
    *,
    by: Any,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Close a report that cannot be acted on, with the reason the citizen will read."""
    now = now or clock.now()
    _require_triage(by)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        return _transition(
            report,
            by=by,
            to=Status.REJECTED,
            public_note=reason,
            changes={"closed_at": now},
            expected_version=expected_version,
            now=now,
        )


def merge_duplicate(
    report: Report,
    *,
    into: Report,
    by: Any,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Mark `report` as a duplicate of `into`: the citizen is pointed there and adds their support."""
    now = now or clock.now()
    _require_triage(by)
    if into.pk == report.pk:
        raise InvalidInput(_("Laporan tidak bisa menjadi duplikat dirinya sendiri."))
    with transaction.atomic():
        # Read the target under lock: it must still be open when the support is added to it.
        target = Report.objects.select_for_update().get(pk=into.pk)
        if target.jurisdiction_id != report.jurisdiction_id or target.status not in OPEN_STATUSES:
            raise InvalidInput(_("Laporan tujuan harus laporan yang masih terbuka."))
        event = _transition(
            report,
            by=by,
            to=Status.DUPLICATE,
            public_note=_(
                "Masalah ini sudah dilaporkan sebagai %(code)s; ikuti perkembangannya di sana."
            )
            % {"code": into.code},
            data={"into": into.code},
            changes={"duplicate_of": into, "closed_at": now},
            expected_version=expected_version,
            now=now,
        )
        added = 1 + report.support_count
        Report.objects.filter(pk=into.pk).update(support_count=F("support_count") + added)
        Support.objects.create(report=into, contact=report.contact, created_at=now)
        record_event(
            report=into,
            kind=EventKind.SUPPORT,
            actor=by,
            actor_label=_actor_label(by, fallback=_("Operator")),
            public_note=_("Laporan serupa %(code)s digabungkan ke laporan ini.")
            % {"code": report.code},
            data={"merged": report.code, "added": added},
            created_at=now,
        )
        into.support_count += added
    return event


def refer_report(
    report: Report,
    *,
    by: Any,
    to: Agency,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Pass a report outside the city's authority (PLN, PDAM, provincial roads, police) on."""
    now = now or clock.now()
    _require_triage(by)
    if to.kind != AgencyKind.EXTERNAL or to.jurisdiction_id != report.jurisdiction_id:
        raise InvalidInput(_("Pilih instansi luar tujuan rujukan."))
    with transaction.atomic():
        return _transition(
            report,
            by=by,
            to=Status.REFERRED,
            public_note=note.strip()
            or _("Di luar kewenangan Pemerintah Kota; dirujuk ke %(agency)s.")
            % {"agency": to.name},
            data={"referred_to": to.code},
            changes={"referred_to": to, "closed_at": now},
            expected_version=expected_version,
            now=now,
        )


def set_priority(
    report: Report,
    *,
    by: Any,
    priority: int,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Raise or lower how urgently a report is handled; an internal change, not shown publicly."""
    _require_triage(by)
    _require_scope(by, report)
    if priority not in Priority.values:
        raise InvalidInput(_("Prioritas tidak dikenal."))
    with transaction.atomic():
        locked = _lock_current(report, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise IllegalTransition(_("Prioritas hanya bisa diubah selama laporan masih terbuka."))
        if locked.priority == priority:
            raise InvalidInput(
                _("Prioritas laporan sudah %(label)s.") % {"label": Priority(priority).label}
            )
        now = now or clock.now()
        previous = locked.priority
        changes = {"priority": priority, "version": locked.version + 1, "updated_at": now}
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(report, name, value)
        locked.save(update_fields=list(changes))
        return record_event(
            report=locked,
            kind=EventKind.PRIORITY,
            actor=by,
            actor_label=_actor_label(by, fallback=_("Operator")),
            internal_note=note.strip()[:1000]
            or _("Prioritas: %(from)s → %(to)s.")
            % {"from": Priority(previous).label, "to": Priority(priority).label},
            data={"from": previous, "to": priority},
            created_at=now,
        )


def reply_to_citizen(
    report: Report,
    *,
    by: Any,
    text: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """A public message to the reporter on the report's history; the status does not change.

    Refused on a stale page: the citizen must not read an answer written for an older state.
    """
    now = now or clock.now()
    _require_triage(by)
    _require_scope(by, report)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Tulis balasan untuk pelapor."))
    with transaction.atomic():
        locked = _lock_current(report, expected_version)
        return record_event(
            report=locked,
            kind=EventKind.REPLY,
            actor=by,
            actor_label=_actor_label(by, fallback=_("Operator")),
            public_note=text[:2000],
            created_at=now,
        )


def add_internal_note(
    report: Report, *, by: Any, text: str, now: datetime | None = None
) -> ReportEvent:
    """A note for staff only, never shown to the public. Notes never conflict, so no version."""
    now = now or clock.now()
    _require_triage(by)
    _require_scope(by, report)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Tulis catatan internal."))
    return record_event(
        report=report,
        kind=EventKind.NOTE,
        actor=by,
        actor_label=_actor_label(by, fallback=_("Operator")),
        internal_note=text[:2000],
        created_at=now,
    )


def _lock_current(report: Report, expected_version: int | None) -> Report:
    """The report's row, locked, if nobody changed it since `expected_version`. Inside atomic()."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReport(
            _("Laporan %(code)s sudah diubah orang lain; muat ulang lalu coba lagi.")
            % {"code": locked.code}
        )
    return locked


def _require_scope(user: Any, report: Report) -> None:
    if not staff_can_see(user, report):
        raise NotAllowed(_("Laporan ini di luar wilayah atau instansi Anda."))


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
    update_id = (update_id or "").strip()[:100]
    if not text:
        raise InvalidInput(_("Isi pembaruan wajib diisi."))
    if not update_id:
        raise InvalidInput(_("update_id wajib diisi."))
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


# --- work (supervisors, crews, area offices) ------------------------------------------------------


def dispatch_report(
    report: Report,
    *,
    by: Any,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The agency accepts a verified job: the report turns yellow ("ditanggapi").

    Only from verified: a done report goes back to the agency through the citizen's dispute alone.
    """
    now = now or clock.now()
    _require_handler(by, report)
    if report.status != Status.VERIFIED:
        raise IllegalTransition(_("Hanya laporan terverifikasi yang bisa diterima."))
    with transaction.atomic():
        return _transition(
            report,
            by=by,
            to=Status.DISPATCHED,
            public_note=note.strip()
            or _("Laporan ditanggapi oleh %(agency)s.")
            % {"agency": report.agency.name if report.agency else ""},
            changes={"dispatched_at": now},
            expected_version=expected_version,
            now=now,
        )


def start_work(
    report: Report,
    *,
    by: Any,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """A crew is on site ("dikerjakan")."""
    now = now or clock.now()
    _require_handler(by, report)
    with transaction.atomic():
        return _transition(
            report,
            by=by,
            to=Status.IN_PROGRESS,
            public_note=note.strip() or _("Petugas sedang mengerjakan."),
            expected_version=expected_version,
            now=now,
        )


def complete_report(
    report: Report,
    *,
    by: Any,
    proof: Sequence[ProcessedImage],
    note: str = "",
    expected_version: int | None = None,
    captures: Sequence[proof_checks.Capture] | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Finish the job with photo proof; the report turns green and the citizen sees before/after.

    Each photo passes reports/proof.py's checks; a photo with no known location is accepted but
    the job waits for the control room to accept it (`proof_location` "unverified").
    """
    _require_handler(by, report)
    if not proof:
        raise InvalidInput(_("Unggah minimal satu foto bukti pekerjaan selesai."))
    if len(proof) > settings.LAKSA_PHOTOS_PER_REPORT:
        raise InvalidInput(_("Paling banyak %(n)d foto bukti.") % _photo_limit())
    now = now or clock.now()
    verdicts = proof_checks.check(report, list(proof), list(captures or []), now=now)
    unlocated = sum(1 for v in verdicts if not v.located)
    with photo_files.removed_on_failure(), transaction.atomic():
        event = _transition(
            report,
            by=by,
            to=Status.DONE,
            public_note=note.strip() or _("Pekerjaan selesai."),
            internal_note=_("%(n)d foto bukti tanpa lokasi: periksa lalu terima atau kembalikan.")
            % {"n": unlocated}
            if unlocated
            else "",
            data={
                "proof_photos": len(proof),
                "time_sources": [v.time_source for v in verdicts],
                "location_unverified": unlocated,
            },
            changes={
                "done_at": now,
                "proof_location": ProofLocation.UNVERIFIED if unlocated else ProofLocation.VERIFIED,
            },
            expected_version=expected_version,
            now=now,
        )
        for processed, verdict in zip(proof, verdicts, strict=True):
            _store_photo(report, processed, PhotoKind.PROOF, by=by, verdict=verdict, now=now)
    return event


def add_progress(
    report: Report,
    *,
    by: Any,
    note: str = "",
    photos: Sequence[ProcessedImage] = (),
    data: dict[str, Any] | None = None,
    as_proof: bool = False,
    captures: Sequence[proof_checks.Capture] | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """A note or photos from the site while the work goes on; the citizen sees them.

    With `as_proof` (a co-agency finishing its part) the photos pass reports/proof.py's checks
    as the lead's completion does; one with no known location is accepted but marked.
    """
    _require_handler(by, report, or_support=True)
    note = (note or "").strip()
    if not note and not photos:
        raise InvalidInput(_("Tulis catatan atau lampirkan foto."))
    if len(photos) > settings.LAKSA_PHOTOS_PER_REPORT:
        raise InvalidInput(_("Paling banyak %(n)d foto.") % _photo_limit())
    if report.status not in IN_HAND:
        raise IllegalTransition(_("Kemajuan hanya bisa dilaporkan saat pekerjaan berjalan."))
    now = now or clock.now()
    verdicts: list[proof_checks.Verdict | None] = [None] * len(photos)
    checked: dict[str, Any] = {}
    internal_note = ""
    if as_proof:
        verdicts = list(proof_checks.check(report, list(photos), list(captures or []), now=now))
        unlocated = sum(1 for v in verdicts if v is not None and not v.located)
        checked = {
            "time_sources": [v.time_source for v in verdicts if v is not None],
            "location_unverified": unlocated,
        }
        if unlocated:
            internal_note = _(
                "%(n)d foto bukti bagian ini tanpa lokasi: lokasi belum diverifikasi."
            ) % {"n": unlocated}
    with photo_files.removed_on_failure(), transaction.atomic():
        locked = _lock_current(report, None)
        for processed, verdict in zip(photos, verdicts, strict=True):
            _store_photo(locked, processed, PhotoKind.PROGRESS, by=by, verdict=verdict, now=now)
        return record_event(
            report=locked,
            kind=EventKind.PROGRESS,
            actor=by,
            actor_label=_actor_label(by, fallback=_("Petugas")),
            public_note=note[:2000] or _("Foto kemajuan pekerjaan ditambahkan."),
            internal_note=internal_note,
            data={"photos": len(photos), **checked, **(data or {})},
            created_at=now,
        )


def accept_proof(
    report: Report, *, by: Any, note: str = "", now: datetime | None = None
) -> ReportEvent:
    """The control room accepts a job whose proof photos had no location."""
    now = now or clock.now()
    _require_triage(by)
    if report.status != Status.DONE or report.proof_location != ProofLocation.UNVERIFIED:
        raise IllegalTransition(_("Tidak ada bukti yang menunggu pemeriksaan."))
    with transaction.atomic():
        locked = _lock_current(report, None)
        locked.proof_location = report.proof_location = ProofLocation.ACCEPTED
        locked.save(update_fields=["proof_location"])
        return record_event(
            report=locked,
            kind=EventKind.PROOF,
            actor=by,
            actor_label=_actor_label(by, fallback=_("Operator")),
            internal_note=note.strip()[:1000] or _("Bukti tanpa lokasi diterima."),
            data={"accepted": True},
            created_at=now,
        )


def return_job(
    report: Report,
    *,
    by: Any,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The control room sends a done job back to the supervisor, with the reason, logged."""
    now = now or clock.now()
    _require_triage(by)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tuliskan alasan pengembalian."))
    with transaction.atomic():
        return _transition(
            report,
            by=by,
            to=Status.DISPATCHED,
            kind=EventKind.PROOF,
            public_note=_("Pekerjaan dikembalikan ke petugas untuk diperiksa ulang."),
            internal_note=reason[:1000],
            data={"returned": True},
            changes={"done_at": None, "proof_location": ""},
            expected_version=expected_version,
            now=now,
        )


# --- the citizen after the fix --------------------------------------------------------------------


def _require_secret(report: Report, secret: str) -> None:
    if not secret or not _same(secret, report.secret):
        raise NotAllowed(_("Tautan pribadi tidak valid."))


def _same(a: str, b: str) -> bool:
    return hashlib.sha256(a.encode()).digest() == hashlib.sha256(b.encode()).digest()


def confirm_fix(
    report: Report, *, secret: str, note: str = "", now: datetime | None = None
) -> ReportEvent:
    """The reporter agrees the problem is fixed; the report is closed."""
    now = now or clock.now()
    _require_secret(report, secret)
    if not reporter_actions(report, now=now).confirm:
        raise IllegalTransition(_("Hanya laporan selesai yang bisa dikonfirmasi."))
    with transaction.atomic():
        return _transition(
            report,
            by=None,
            to=Status.CLOSED,
            public_note=note.strip() or _("Pelapor mengonfirmasi masalah sudah selesai."),
            changes={"closed_at": now},
            actor_label=_("Pelapor"),
            data={"confirmed": True},
            now=now,
        )


def dispute_fix(
    report: Report, *, secret: str, reason: str, now: datetime | None = None
) -> ReportEvent:
    """The reporter says it is not fixed: the job goes back to the agency with the reason."""
    now = now or clock.now()
    _require_secret(report, secret)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tuliskan mengapa masalah belum selesai."))
    if report.status != Status.DONE:
        # verified -> dispatched is a move staff may make; a reporter may only undo "done".
        raise IllegalTransition(_("Hanya laporan selesai yang bisa disanggah."))
    if not reporter_actions(report, now=now).dispute:
        raise IllegalTransition(_("Masa sanggah sudah lewat."))
    with transaction.atomic():
        return _transition(
            report,
            by=None,
            to=Status.DISPATCHED,
            public_note=_("Pelapor menyanggah: %(reason)s") % {"reason": reason[:1000]},
            changes={"done_at": None, "proof_location": ""},
            actor_label=_("Pelapor"),
            data={"disputed": True},
            now=now,
        )


def rate_service(
    report: Report, *, secret: str, stars: int, comment: str = "", now: datetime | None = None
) -> ReportEvent:
    """The reporter rates the service 1-5 once the work is done."""
    now = now or clock.now()
    _require_secret(report, secret)
    if stars not in range(1, 6):
        raise InvalidInput(_("Nilai harus 1 sampai 5."))
    if not reporter_actions(report, now=now).rate:
        raise IllegalTransition(_("Penilaian bisa diberikan setelah laporan selesai."))
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            rating=stars, rating_comment=comment.strip()[:1000], updated_at=now
        )
        report.rating, report.rating_comment = stars, comment.strip()[:1000]
        return record_event(
            report=report,
            kind=EventKind.RATED,
            actor_label=_("Pelapor"),
            public_note=_("Pelapor memberi nilai %(stars)d dari 5.") % {"stars": stars},
            data={"stars": stars},
            created_at=now,
        )


def add_support(
    report: Report,
    *,
    session_key: str,
    contact: ContactInput | None = None,
    now: datetime | None = None,
) -> bool:
    """A citizen says "me too" on an open report; once per browser session. True if counted."""
    now = now or clock.now()
    if report.status not in OPEN_STATUSES:
        raise IllegalTransition(_("Laporan ini sudah ditutup."))
    with transaction.atomic():
        if session_key and Support.objects.filter(report=report, session_key=session_key).exists():
            return False
        stored = None
        if contact and not contact.is_empty():
            stored = ReporterContact.objects.create(
                name=contact.name[:120],
                phone=contact.phone[:20],
                email=contact.email[:254],
                created_at=now,
            )
        Support.objects.create(
            report=report, contact=stored, session_key=session_key[:64], created_at=now
        )
        Report.objects.filter(pk=report.pk).update(support_count=F("support_count") + 1)
        report.support_count += 1
        record_event(
            report=report,
            kind=EventKind.SUPPORT,
            actor_label=_("Warga"),
            public_note=_("Seorang warga mendukung laporan ini."),
            created_at=now,
        )
    return True


def close_unconfirmed(now: datetime | None = None) -> int:
    """Close done reports whose confirmation window has passed. Idempotent; run periodically.

    A job whose proof had no location waits for the control room's decision however long it
    takes: closing it would leave the LIVE Room nothing to send back.
    """
    now = now or clock.now()
    closed = 0
    for jurisdiction in Jurisdiction.objects.all():
        cutoff = now - timedelta(days=jurisdiction.confirm_days)
        due = (
            Report.objects.filter(jurisdiction=jurisdiction, status=Status.DONE, done_at__lt=cutoff)
            .exclude(proof_location=ProofLocation.UNVERIFIED)
            .values_list("pk", flat=True)
        )
        for pk in list(due[:1000]):
            with transaction.atomic():
                report = Report.objects.select_for_update().get(pk=pk)
                if (
                    report.status != Status.DONE
                    or report.proof_location == ProofLocation.UNVERIFIED
                ):
                    continue
                _transition(
                    report,
                    by=None,
                    to=Status.CLOSED,
                    public_note=_("Ditutup otomatis: tidak ada sanggahan dalam masa konfirmasi."),
                    changes={"closed_at": now},
                    now=now,
                )
                closed += 1
    return closed
