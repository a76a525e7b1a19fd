"""The report's side of the field's verbs (accept the job, start it, report progress, finish it).
They check only the agency: call them through dispatch.actions, which first finds the user's
part in the job (a worker reaches a job only through their crew).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from laksa.lib import clock
from laksa.lib.images import ProcessedImage
from laksa.reports import photo_files
from laksa.reports import proof as proof_checks
from laksa.reports.actions._core import (
    _actor_label,
    _photo_limit,
    _require_handler,
    _store_photo,
    _transition,
    lock_current,
)
from laksa.reports.errors import IllegalTransition, InvalidInput
from laksa.reports.events import record_event
from laksa.reports.models import (
    EventKind,
    PhotoKind,
    ProofLocation,
    Report,
    ReportEvent,
)
from laksa.reports.statuses import IN_HAND, Status


def accept_job(
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


def start_job(
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


def finish_job(
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

    Each photo passes reports/proof.py's checks; a photo with no known location, or one that is
    another report's proof, is accepted but the job waits for the control room to accept it
    (`proof_location` "unverified").
    """
    _require_handler(by, report)
    if not proof:
        raise InvalidInput(_("Unggah minimal satu foto bukti pekerjaan selesai."))
    if len(proof) > settings.LAKSA_PHOTOS_PER_REPORT:
        raise InvalidInput(_("Paling banyak %(n)d foto bukti.") % _photo_limit())
    now = now or clock.now()
    verdicts = proof_checks.check(report, list(proof), list(captures or []), now=now)
    unlocated = sum(1 for v in verdicts if not v.located)
    reused = _reused(verdicts)
    flags = []
    if unlocated:
        flags.append(
            _("%(n)d foto bukti tanpa lokasi: periksa lalu terima atau kembalikan.")
            % {"n": unlocated}
        )
    flags += _reuse_notes(verdicts)
    with photo_files.removed_on_failure(), transaction.atomic():
        event = _transition(
            report,
            by=by,
            to=Status.DONE,
            public_note=note.strip() or _("Pekerjaan selesai."),
            internal_note="\n".join(flags),
            data={
                "proof_photos": len(proof),
                "time_sources": [v.time_source for v in verdicts],
                "location_unverified": unlocated,
                "proof_reused": reused,
            },
            changes={
                "done_at": now,
                "proof_location": ProofLocation.UNVERIFIED if flags else ProofLocation.VERIFIED,
            },
            expected_version=expected_version,
            now=now,
        )
        for processed, verdict in zip(proof, verdicts, strict=True):
            _store_photo(report, processed, PhotoKind.PROOF, by=by, verdict=verdict, now=now)
    return event


def report_progress(
    report: Report,
    *,
    by: Any,
    note: str = "",
    photos: Sequence[ProcessedImage] = (),
    data: dict[str, Any] | None = None,
    as_proof: bool = False,
    captures: Sequence[proof_checks.Capture] | None = None,
    expected_version: int | None = None,
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
            "proof_reused": _reused(verdicts),
        }
        flags = _reuse_notes(verdicts)
        if unlocated:
            flags.insert(
                0,
                _("%(n)d foto bukti bagian ini tanpa lokasi: lokasi belum diverifikasi.")
                % {"n": unlocated},
            )
        internal_note = "\n".join(flags)
    with photo_files.removed_on_failure(), transaction.atomic():
        locked = lock_current(report, expected_version)
        for processed, verdict in zip(photos, verdicts, strict=True):
            _store_photo(locked, processed, PhotoKind.PROGRESS, by=by, verdict=verdict, now=now)
        return record_event(
            report=locked,
            kind=EventKind.PROGRESS,
            actor=by,
            actor_label=_actor_label(by, report.jurisdiction_id, fallback=_("Petugas")),
            public_note=note[:2000] or _("Foto kemajuan pekerjaan ditambahkan."),
            internal_note=internal_note,
            data={"photos": len(photos), **checked, **(data or {})},
            created_at=now,
        )


def _reused(verdicts: Sequence[proof_checks.Verdict | None]) -> list[str]:
    """The other reports whose proof is one of these photos, each once, in the photos' order."""
    return list(dict.fromkeys(v.same_as for v in verdicts if v is not None and v.same_as))


def _reuse_notes(verdicts: Sequence[proof_checks.Verdict | None]) -> list[str]:
    return [
        _(
            "Foto bukti %(n)d sama dengan bukti laporan %(code)s: periksa lalu terima atau kembalikan."
        )
        % {"n": number, "code": verdict.same_as}
        for number, verdict in enumerate(verdicts, start=1)
        if verdict is not None and verdict.same_as
    ]
