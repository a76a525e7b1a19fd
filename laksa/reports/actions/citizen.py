"""What the reporter does after the fix (confirm, dispute, rate), what any citizen does
(support a report), and the sweep that closes what nobody confirmed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from laksa.lib import clock
from laksa.lib.images import ProcessedImage
from laksa.org.models import Jurisdiction
from laksa.reports import photo_files
from laksa.reports.actions._core import MAX_DESCRIPTION, _store_photo, _transition
from laksa.reports.actions.intake import ContactInput
from laksa.reports.available import reporter_actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed
from laksa.reports.events import record_event
from laksa.reports.models import (
    EventKind,
    PhotoKind,
    ProofLocation,
    Report,
    ReporterContact,
    ReportEvent,
    Support,
)
from laksa.reports.statuses import OPEN_STATUSES, Status


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


def add_citizen_message(
    report: Report,
    *,
    text: str,
    channel: str,
    message_id: str,
    photos: Sequence[ProcessedImage] = (),
    now: datetime | None = None,
) -> tuple[ReportEvent, bool]:
    """The reporter writes again about their report (an e-mail reply naming its code). The text
    is for staff only (a citizen's message may hold personal data); its photos join the report's
    own, as the web form's do. Idempotent per (channel, message_id); returns (event, created)."""
    now = now or clock.now()
    text = (text or "").strip()[:MAX_DESCRIPTION]
    if not (message_id or "").strip():
        raise InvalidInput(_("Pesan ini tidak punya nomor pengenal."))
    message_key = f"{channel}:{message_id.strip()}"[:250]
    if not text and not photos:
        raise InvalidInput(_("Pesan kosong."))
    with photo_files.removed_on_failure(), transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        seen = ReportEvent.objects.filter(
            report=locked, kind=EventKind.NOTE, data__citizen_message=message_key
        ).first()
        if seen is not None:
            return seen, False
        known = set(locked.photos.values_list("sha256", flat=True))
        added = 0
        for processed in photos[: settings.LAKSA_PHOTOS_PER_REPORT]:
            if processed.sha256 in known:
                continue  # a reply that carries the first message's photo again
            known.add(processed.sha256)
            _store_photo(locked, processed, PhotoKind.BEFORE, by=None, now=now)
            added += 1
        event = record_event(
            report=locked,
            kind=EventKind.NOTE,
            actor_label=_("Pelapor"),
            public_note=(_("Pelapor menambahkan %(n)d foto.") % {"n": added}) if added else "",
            internal_note=text or _("(pesan tanpa teks)"),
            data={"citizen_message": message_key, "channel": channel, "photos": added},
            created_at=now,
        )
        return event, True


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
