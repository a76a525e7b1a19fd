"""Every staff action on a report, in one table that the console, SIGAP and the API all read: the
function that does it, who may ask for it at all, and what the person is told when it worked.

A door turns its own input (a form, a JSON body) into the function's arguments, then calls
`perform`, which does the action (once per client id, when the client gives one) and says how it
went as an `Outcome`; the door answers in its own format. So an action, its permission, its
message and its idempotency are written once, whatever door it comes through.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laksa.dispatch import actions as field
from laksa.dispatch.models import Submission
from laksa.dispatch.submissions import once
from laksa.org import permissions
from laksa.reports import actions as triage
from laksa.reports.errors import ActionError, NotAllowed
from laksa.reports.models import Priority, Report, ReportEvent


@dataclass(frozen=True)
class Verb:
    action: Callable[..., Any]
    """Called as action(report, by=user, **arguments)."""
    done: Callable[[Report], str]
    """What the person is told when it worked, read from the report as the action left it."""
    staff: Callable[[Any], bool]
    """Who may ask for it at all; the action itself checks the report's scope and status."""
    notices: Callable[[ReportEvent], list[str]] | None = None
    """What else the person must know when it worked, read from the event the action wrote
    (a proof that now waits for the LIVE Room, and why)."""


def _in_the_field(user: Any) -> bool:
    return bool(permissions.handled_agency_ids(user))


def _said(text: Promise) -> Callable[[Report], str]:
    return lambda report: str(text) % {"code": report.code}


def proof_notices(event: ReportEvent) -> list[str]:
    """Why a completion's proof waits for the LIVE Room (reports/proof.py), in the words the
    supervisor reads on the page and in the queue's answer."""
    data = event.data or {}
    notices = []
    reused = [str(code) for code in data.get("proof_reused") or []]
    if reused:
        notices.append(
            _(
                "Foto bukti sama dengan foto bukti laporan %(codes)s. Bukti ini diperiksa "
                "LIVE Room sebelum diterima; kirim foto baru dari pekerjaan ini bila ada."
            )
            % {"codes": ", ".join(reused)}
        )
    if data.get("location_unverified"):
        notices.append(
            _(
                "Lokasi foto bukti tidak diketahui, jadi bukti ini diperiksa LIVE Room sebelum "
                "diterima. Nyalakan lokasi (GPS) ponsel saat memotret bukti."
            )
        )
    return notices


VERBS: dict[str, Verb] = {
    # The LIVE Room (operators).
    "verify": Verb(
        triage.verify_report,
        lambda r: _("%(code)s diteruskan ke %(agency)s.") % {"code": r.code, "agency": r.agency},
        permissions.can_triage,
    ),
    "reject": Verb(
        triage.reject_report, _said(gettext_lazy("%(code)s ditolak.")), permissions.can_triage
    ),
    "merge": Verb(
        triage.merge_duplicate,
        lambda r: (
            _("%(code)s digabungkan ke %(into)s.")
            % {"code": r.code, "into": r.duplicate_of.code if r.duplicate_of else ""}
        ),
        permissions.can_triage,
    ),
    "refer": Verb(
        triage.refer_report, _said(gettext_lazy("%(code)s dirujuk.")), permissions.can_triage
    ),
    "priority": Verb(
        triage.set_priority,
        lambda r: (
            _("Prioritas %(code)s: %(label)s.")
            % {"code": r.code, "label": Priority(r.priority).label}
        ),
        permissions.can_triage,
    ),
    "visibility": Verb(
        triage.set_public,
        lambda r: (
            (
                _("%(code)s tampil lagi untuk publik.")
                if r.public
                else _("%(code)s disembunyikan dari publik.")
            )
            % {"code": r.code}
        ),
        permissions.can_triage,
    ),
    "reply": Verb(
        triage.reply_to_citizen,
        _said(gettext_lazy("Balasan untuk pelapor %(code)s terkirim.")),
        permissions.can_triage,
    ),
    "note": Verb(
        triage.add_internal_note,
        _said(gettext_lazy("Catatan internal disimpan.")),
        permissions.can_triage,
    ),
    "place": Verb(
        triage.place_report,
        _said(gettext_lazy("Lokasi %(code)s ditentukan di peta.")),
        permissions.can_triage,
    ),
    "accept_proof": Verb(
        triage.accept_proof, _said(gettext_lazy("Bukti %(code)s diterima.")), permissions.can_triage
    ),
    "return": Verb(
        triage.return_job,
        _said(gettext_lazy("%(code)s dikembalikan ke petugas.")),
        permissions.can_triage,
    ),
    # The field (supervisors, crews, area offices), each through the user's part in the job.
    "accept": Verb(
        field.accept_job,
        _said(gettext_lazy("Pekerjaan diterima; warga melihat laporannya ditanggapi.")),
        _in_the_field,
    ),
    "assign": Verb(field.assign_crew, _said(gettext_lazy("Regu ditugaskan.")), _in_the_field),
    "start": Verb(field.start_job, _said(gettext_lazy("Pekerjaan dimulai.")), _in_the_field),
    "progress": Verb(
        field.report_progress, _said(gettext_lazy("Kemajuan dicatat.")), _in_the_field
    ),
    "reroute": Verb(
        field.ask_reroute,
        _said(gettext_lazy("Permintaan pengalihan dikirim ke LIVE Room.")),
        _in_the_field,
    ),
    "complete": Verb(
        field.finish_job,
        _said(gettext_lazy("Pekerjaan selesai; warga sekarang melihat foto bukti.")),
        _in_the_field,
        proof_notices,
    ),
}


@dataclass(frozen=True)
class Outcome:
    """How an action went, for the door to answer in its format."""

    ok: bool
    message: str
    refusal: str = ""
    """The refusal's code (reports.errors), when not ok: the API's error code and status."""
    repeat: bool = False
    """Answered from an earlier send of the same client id: nothing was done now."""
    notices: tuple[str, ...] = ()
    """Warnings that go with a success (Verb.notices)."""


class KeyReused(Exception):
    """The sender's client id was already used for another action or report: a client bug."""


def replayed(name: str, *, user: Any, code: str, client_id: uuid.UUID | None) -> Outcome | None:
    """The kept outcome when this user sent this client id before, else None. Looked up before
    anything else is checked, so a re-send is answered as the first send was, even after the job
    moved on (re-routed, given to another crew)."""
    if client_id is None:
        return None
    kept = (
        Submission.objects.select_related("report")
        .filter(client_id=client_id, user_id=user.pk or 0)
        .first()
    )
    if kept is None:
        return None
    if (kept.action, kept.report.code) != (name[:20], code):
        raise KeyReused
    message = kept.message or VERBS[name].done(kept.report)
    refusal = kept.refusal or ("refused" if not kept.ok else "")
    return Outcome(kept.ok, message, refusal, True, _kept_notices(name, kept, user))


def _kept_notices(name: str, kept: Submission, user: Any) -> tuple[str, ...]:
    """The notices of a kept success, from the last event the user's action wrote (a re-send
    comes when the first answer was lost, so its warnings were never read)."""
    verb = VERBS[name]
    if not kept.ok or verb.notices is None:
        return ()
    event = (
        ReportEvent.objects.filter(
            report_id=kept.report_id, actor_id=user.pk, created_at__lte=kept.created_at
        )
        .order_by("-id")
        .first()
    )
    return tuple(verb.notices(event)) if event is not None else ()


def perform(
    name: str,
    *,
    user: Any,
    report: Report,
    arguments: Mapping[str, Any],
    client_id: uuid.UUID | None = None,
) -> Outcome:
    """Do the action with the arguments the door prepared; with a client id, once per user."""
    verb = VERBS[name]
    if not verb.staff(user):
        return Outcome(False, _("Anda tidak berhak melakukan tindakan ini."), NotAllowed.code)

    written: list[Any] = []

    def run() -> None:
        written.append(verb.action(report, by=user, **arguments))

    def notices() -> tuple[str, ...]:
        event = written[0] if written else None
        if verb.notices is None or not isinstance(event, ReportEvent):
            return ()
        return tuple(verb.notices(event))

    if client_id is None:
        try:
            run()
        except ActionError as error:
            return Outcome(False, error.message, error.code)
        return Outcome(True, verb.done(report), notices=notices())
    submission, first = once(client_id, user=user, report=report, action=name, do=run)
    if submission.ok:
        if not first:
            return Outcome(
                True, verb.done(report), repeat=True, notices=_kept_notices(name, submission, user)
            )
        return Outcome(True, verb.done(report), notices=notices())
    return Outcome(False, submission.message, submission.refusal or "refused", not first)
