"""The common path of every change: lock the row, check the move, write the change and its
event; who is acting and how they are named; storing a photo. Private to this package.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.lib import clock, prepared
from laksa.lib.images import ProcessedImage
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.reports import photo_files
from laksa.reports import proof as proof_checks
from laksa.reports.errors import IllegalTransition, NotAllowed, StaleReport
from laksa.reports.events import record_event
from laksa.reports.models import (
    CodeCounter,
    EventKind,
    Photo,
    Report,
    ReportEvent,
)
from laksa.reports.statuses import OPEN_STATUSES, Status
from laksa.reports.transitions import can_move

MAX_DESCRIPTION = 4000


def _photo_limit() -> dict[str, int]:
    return {"n": settings.LAKSA_PHOTOS_PER_REPORT}


def _code_ahead(jurisdiction: Jurisdiction, now: datetime) -> str | None:
    """On PostgreSQL, outside any transaction, a new report's code taken before the report's
    transaction, by one UPDATE in autocommit (its own transaction, in one round trip: in an
    atomic() block, psycopg's BEGIN and the COMMIT were two more); else None (take it inside,
    `_next_code`).

    Taken inside, the month's counter row stays locked from the code to the report's commit,
    so every report of the city waits for the one before it to finish all its writes. Measured
    under 50 connections, that hold (3 ms alone, more while its process waited for a core) was
    what kept the POST's cores a fifth idle, its writers queued on the row. Taken ahead, the
    row is locked for the one UPDATE. The price: a report whose own transaction then fails
    leaves its number unused, and two reports may commit in the other order than their codes.
    SQLite keeps the code inside: its one writer is held for the whole transaction anyway, and
    a second transaction would be a second turn of it. A caller's transaction (the chat drain's)
    keeps it inside too."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or not connection.get_autocommit()
    ):
        return None
    return _next_code(jurisdiction, now, ahead=True)


def _next_code(jurisdiction: Jurisdiction, now: datetime, *, ahead: bool = False) -> str:
    """A short code a citizen can read over the phone: PREFIX-YYMM-NNNNN, counted per month.
    The one UPDATE moves the month's counter under its row lock, so no two reports share a
    number; inside atomic(), a rollback gives the number back."""
    period = timezone.localtime(now, jurisdiction.tz).strftime("%y%m")
    number = _count_one(jurisdiction.pk, period, ahead)
    if number is None:  # the month's first report
        CodeCounter.objects.get_or_create(jurisdiction=jurisdiction, period=period)
        number = _count_one(jurisdiction.pk, period, ahead)
        assert number is not None
    return f"{jurisdiction.code_prefix}-{period}-{number:05d}"


def _count_one(jurisdiction_id: int, period: str, ahead: bool = False) -> int | None:
    """The month's counter moved on by one, in one statement (UPDATE … RETURNING: PostgreSQL,
    SQLite 3.35+); None when the month has no counter yet.

    `ahead` (PostgreSQL, in autocommit): the UPDATE's own transaction commits without waiting
    for its WAL to reach the disk (`synchronous_commit` off for it alone, by `set_config(…,
    true)` in the statement). Nothing is risked: the WAL is one sequence, so the report's own
    commit, which waits, writes the counter's to disk with it; a crash before any report
    committed loses only a number that no report holds. It saves the second disk wait of
    every POST."""
    quote = connection.ops.quote_name  # the columns are the fields' own names (no db_column)
    table, last = quote(CodeCounter._meta.db_table), quote("last")
    relaxed = (
        "WITH relaxed AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) "
        if ahead
        else ""
    )
    with prepared.cursor() as cursor:
        cursor.execute(
            f"{relaxed}UPDATE {table} SET {last} = {last} + 1 "  # noqa: S608
            f"{'FROM relaxed ' if ahead else ''}WHERE {quote('jurisdiction_id')} = %s "
            f"AND {quote('period')} = %s RETURNING {last}",
            [jurisdiction_id, period],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _store_photo(
    report: Report,
    processed: ProcessedImage,
    kind: str,
    *,
    by: Any,
    now: datetime,
    verdict: proof_checks.Verdict | None = None,
) -> Photo:
    photo = _photo_with_files(
        processed, kind, by=by, now=now, jurisdiction=report.jurisdiction, verdict=verdict
    )
    photo.report = report
    photo.save()
    return photo


def _photo_with_files(
    processed: ProcessedImage,
    kind: str,
    *,
    by: Any,
    now: datetime,
    jurisdiction: Jurisdiction,
    verdict: proof_checks.Verdict | None = None,
) -> Photo:
    """A photo's row, not saved and not yet its report's, with its two files written (and noted
    for photo_files.removed_on_failure): the files can be written before the transaction that
    saves the row, so that it holds its locks no longer than the rows take."""
    photo = Photo(
        kind=kind,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
        dhash=processed.dhash,
        taken_at=_aware(processed.taken_at, jurisdiction),
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
    return photo


def _aware(naive: datetime | None, jurisdiction: Jurisdiction) -> datetime | None:
    # EXIF times carry no zone; a phone in the city is on the city's clock.
    if naive is None:
        return None
    return naive.replace(tzinfo=jurisdiction.tz) if naive.tzinfo is None else naive


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
    locked = lock_current(report, expected_version)
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
        actor_label=actor_label or _actor_label(by, locked.jurisdiction_id, fallback=_("Sistem")),
        from_status=from_status,
        to_status=to,
        public_note=public_note,
        internal_note=internal_note,
        data=data or {},
        created_at=now,
    )


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _actor_label(actor: Any, jurisdiction: permissions.City, *, fallback: str) -> str:
    """How the actor is named on an event of a report of `jurisdiction`: by their role there."""
    if not _is_user(actor):
        return fallback
    ms = permissions.memberships(actor, jurisdiction)
    role = ms[0].get_role_display() if ms else _("Administrator")
    # The LIVE Room acts for the whole city, whichever agency an operator comes from: a citizen
    # reading "Operator ... Dinas Kesehatan" on a road report would think Dinkes handles it.
    acts_for_city = not ms or ms[0].role in permissions.TRIAGE_ROLES
    scope = None if acts_for_city else ms[0].agency or ms[0].area
    return f"{role} {scope}" if scope else str(role)


# The roles are those in the report's own city, not the site's: a command or task (load-demo)
# may act on another city's report, and another city's operator is nobody on this one.
def _require_triage(user: Any, report: Report) -> None:
    """The user is an operator (or administrator) of the report's city."""
    if not permissions.can_triage(user, report.jurisdiction_id):
        raise NotAllowed(_("Hanya operator yang boleh melakukan ini."))


def _require_handler(user: Any, report: Report, *, or_support: bool = False) -> None:
    """The user works for the report's lead agency (or, with `or_support`, a co-agency)."""
    agencies = permissions.handled_agency_ids(user, report.jurisdiction_id)
    if report.agency_id is not None and report.agency_id in agencies:
        return
    if or_support and report.co_agencies.filter(pk__in=agencies).exists():
        return
    raise NotAllowed(_("Laporan ini bukan untuk instansi Anda."))


def lock_current(report: Report, expected_version: int | None) -> Report:
    """The report's row, locked, if nobody changed it since `expected_version`. Inside atomic()."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReport(
            _("Laporan %(code)s sudah diubah orang lain; muat ulang lalu coba lagi.")
            % {"code": locked.code}
        )
    return locked
