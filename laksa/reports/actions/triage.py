"""What the LIVE Room (operators) does with a report: verify and route, reject, merge, refer,
set priority, hide from the public, reply to the citizen, note for staff, and judge a job's
proof.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.lib.geo import cell_of, valid_point
from laksa.org.geo import locate
from laksa.org.models import Agency, AgencyKind
from laksa.reports.actions._core import _actor_label, _require_triage, _transition, lock_current
from laksa.reports.errors import IllegalTransition, InvalidInput
from laksa.reports.events import record_event
from laksa.reports.models import (
    Channel,
    EventKind,
    PlaceSource,
    Priority,
    ProofLocation,
    Report,
    ReportEvent,
    Support,
)
from laksa.reports.sla import due_times
from laksa.reports.statuses import IN_HAND, OPEN_STATUSES, Status


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
    _require_triage(by, report)
    if report.needs_place:
        raise IllegalTransition(_("Tentukan dulu lokasi laporan ini di peta, lalu teruskan."))
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
    if not category.public:
        # A sensitive category hides the report, whatever door it came in by; a public category
        # never publishes one (a guest-book letter stays private), so this only ever narrows.
        changes["public"] = False
        if report.public:
            data["public"] = False
            internal_note = "\n".join(
                n
                for n in (
                    internal_note,
                    _("Kategori %(category)s tidak publik: laporan disembunyikan dari publik.")
                    % {"category": category.name},
                )
                if n
            )
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
    _require_triage(by, report)
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
    _require_triage(by, report)
    if into.pk == report.pk:
        raise InvalidInput(_("Laporan tidak bisa menjadi duplikat dirinya sendiri."))
    with transaction.atomic():
        # Read the target under lock: it must still be open when the support is added to it.
        target = Report.objects.select_for_update().get(pk=into.pk)
        if target.jurisdiction_id != report.jurisdiction_id or target.status not in OPEN_STATUSES:
            raise InvalidInput(_("Laporan tujuan harus laporan yang masih terbuka."))
        # Each report's public history names the other only when the other is public too: a
        # code is enough to find a guest-book letter or a complaint about an officer.
        event = _transition(
            report,
            by=by,
            to=Status.DUPLICATE,
            public_note=_(
                "Masalah ini sudah dilaporkan sebagai %(code)s; ikuti perkembangannya di sana."
            )
            % {"code": target.code}
            if target.public
            else _("Masalah ini sudah dilaporkan sebelumnya dan ditangani di laporan lain."),
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
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
            public_note=_("Laporan serupa %(code)s digabungkan ke laporan ini.")
            % {"code": report.code}
            if event.report.public  # the merged report as locked, not the caller's copy
            else _("Laporan serupa digabungkan ke laporan ini."),
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
    _require_triage(by, report)
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
    _require_triage(by, report)
    if priority not in Priority.values:
        raise InvalidInput(_("Prioritas tidak dikenal."))
    with transaction.atomic():
        locked = lock_current(report, expected_version)
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
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
            internal_note=note.strip()[:1000]
            or _("Prioritas: %(from)s → %(to)s.")
            % {"from": Priority(previous).label, "to": Priority(priority).label},
            data={"from": previous, "to": priority},
            created_at=now,
        )


def set_public(
    report: Report,
    *,
    by: Any,
    public: bool,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Hide a report from the public (its page, map, feeds and photos), at any status: personal
    data in its text or photos, a sensitive matter; or show a hidden one again. A report of a
    non-public category, and a guest-book letter (its writer was told only they may open it),
    are never shown. The reason is an internal note."""
    _require_triage(by, report)
    with transaction.atomic():
        locked = lock_current(report, expected_version)
        if locked.public == public:
            raise InvalidInput(
                _("Laporan ini sudah tampil untuk publik.")
                if public
                else _("Laporan ini sudah tersembunyi dari publik.")
            )
        if public and locked.channel == Channel.GUESTBOOK:
            raise InvalidInput(_("Surat buku tamu tidak pernah ditampilkan untuk publik."))
        if public and not locked.category.public:
            raise InvalidInput(
                _("Kategori %(category)s tidak publik: laporannya tidak bisa ditampilkan.")
                % {"category": locked.category.name}
            )
        now = now or clock.now()
        changes = {"public": public, "version": locked.version + 1, "updated_at": now}
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(report, name, value)
        locked.save(update_fields=list(changes))
        return record_event(
            report=locked,
            kind=EventKind.VISIBILITY,
            actor=by,
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
            internal_note=note.strip()[:1000]
            or (_("Ditampilkan lagi untuk publik.") if public else _("Disembunyikan dari publik.")),
            data={"public": public},
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
    _require_triage(by, report)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Tulis balasan untuk pelapor."))
    with transaction.atomic():
        locked = lock_current(report, expected_version)
        return record_event(
            report=locked,
            kind=EventKind.REPLY,
            actor=by,
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
            public_note=text[:2000],
            created_at=now,
        )


def add_internal_note(
    report: Report,
    *,
    by: Any,
    text: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """A note for staff only, never shown to the public. Notes never conflict, so the doors send
    no version; one given is still checked, as every verb checks it."""
    now = now or clock.now()
    _require_triage(by, report)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Tulis catatan internal."))
    if expected_version is not None:
        with transaction.atomic():
            locked = lock_current(report, expected_version)
            return record_event(
                report=locked,
                kind=EventKind.NOTE,
                actor=by,
                actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
                internal_note=text[:2000],
                created_at=now,
            )
    return record_event(
        report=report,
        kind=EventKind.NOTE,
        actor=by,
        actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
        internal_note=text[:2000],
        created_at=now,
    )


def accept_proof(
    report: Report,
    *,
    by: Any,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """The control room accepts a job whose proof photos had no location."""
    now = now or clock.now()
    _require_triage(by, report)
    with transaction.atomic():
        locked = lock_current(report, expected_version)
        if locked.status != Status.DONE or locked.proof_location != ProofLocation.UNVERIFIED:
            raise IllegalTransition(_("Tidak ada bukti yang menunggu pemeriksaan."))
        locked.proof_location = report.proof_location = ProofLocation.ACCEPTED
        locked.save(update_fields=["proof_location"])
        return record_event(
            report=locked,
            kind=EventKind.PROOF,
            actor=by,
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
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
    _require_triage(by, report)
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


def place_report(
    report: Report,
    *,
    by: Any,
    lat: float,
    lng: float,
    address: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ReportEvent:
    """Put a report on the map where it really is: one that came without a point (an SMS, an
    address only) or at its area's centre, or a pin the reporter dropped in the wrong place. Its
    kelurahan follows the point; routing is the operator's next step (verify)."""
    _require_triage(by, report)
    if not valid_point(lat, lng):
        raise InvalidInput(_("Lokasi tidak valid."))
    with transaction.atomic():
        locked = lock_current(report, expected_version)
        if locked.status not in OPEN_STATUSES:
            raise IllegalTransition(_("Lokasi hanya bisa diubah selama laporan masih terbuka."))
        now = now or clock.now()
        located = locate(locked.jurisdiction, lat, lng)
        before = {"lat": locked.lat, "lng": locked.lng, "source": locked.place_source}
        changes: dict[str, Any] = {
            "lat": lat,
            "lng": lng,
            "h3_r9": cell_of(lat, lng),
            "place_source": PlaceSource.POINT,
            "kelurahan_id": located.area_id if located else None,
            "kecamatan_id": located.parent_id if located else None,
            "outside_area": located is None,
            "version": locked.version + 1,
            "updated_at": now,
        }
        if address.strip():
            changes["address"] = address.strip()[:250]
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(report, name, value)
        locked.save(update_fields=list(changes))
        return record_event(
            report=locked,
            kind=EventKind.PLACED,
            actor=by,
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Operator")),
            internal_note=_("Titik di luar wilayah kota: periksa untuk dirujuk.")
            if located is None
            else "",
            data={"from": before, "to": {"lat": lat, "lng": lng}},
            created_at=now,
        )
