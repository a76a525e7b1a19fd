"""The field app's endpoints (SIGAP over JSON): the user's jobs and crews, and the work on a job.
Each action is a verb of dispatch/verbs.py, done through dispatch.actions, which finds the user's
part in the report first (a worker reaches a job only through their crew; a co-agency does its
own part).

Every action is done once per Idempotency-Key (laksa.api.idempotency); who may act and whether
the input is whole are checked here before the action, so those answers are never kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from laksa.api import present
from laksa.api.auth import STAFF_AUTH, staff_user
from laksa.api.errors import ApiError, documented
from laksa.api.idempotency import IdempotencyKey, View
from laksa.api.idempotency import idempotent as idempotent_action
from laksa.api.lists import ReportFilters, apply_filters, page
from laksa.api.schemas import (
    AcceptIn,
    AssignIn,
    CompleteIn,
    CrewsOut,
    JobPageOut,
    ProgressIn,
    RerouteIn,
    WorkIn,
)
from laksa.api.staff import DETAIL, act_on_report, verb_endpoint
from laksa.dispatch import actions
from laksa.dispatch.models import Assignment, Crew
from laksa.dispatch.selectors import parts_for
from laksa.lib.images import ProcessedImage
from laksa.lib.uploads import process_uploads
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports.errors import InvalidInput, NotAllowed
from laksa.reports.models import Report
from laksa.reports.proof import Capture, captures_from_json, is_capture_list
from laksa.reports.statuses import ROUTED

router = Router(tags=["staff"], auth=STAFF_AUTH)
REFUSALS = """\
A refusal: 409 `illegal_transition` (the report's status does not allow it) or `stale` (an old
`expected_version`), 422 `invalid` (for example a proof photo its checks turn down)."""


def idempotent(view: View) -> View:
    """The Idempotency-Key rules and the field actions' refusals in the endpoint's documentation."""
    return idempotent_action(view, more=REFUSALS)


# --- lists ----------------------------------------------------------------------------------------


@router.get("/assignments", response=documented({200: JobPageOut}))
def assignments(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    """The user's open parts, each with its report, the newest part first, a page at a time; a
    worker sees only their crews' jobs. Without `status`: work still to do (the report verified,
    dispatched or in progress, the part not done); with it: parts whose report has that status.
    Sort by `assignment.due_at` for the field app's order."""
    user = staff_user(request)
    city = current_jurisdiction()
    reports = apply_filters(Report.objects.filter(jurisdiction=city), city, filters)
    qs = parts_for(user, city).filter(report__in=reports)
    if not filters.status:
        qs = qs.filter(report__status__in=ROUTED, done_at=None)
    rows, cursor = page(present.with_part_columns(qs), filters, kind="a")
    return {"results": present.jobs(request, rows), "next_cursor": cursor}


@router.get("/crews", response=documented({200: CrewsOut}))
def crews(request: HttpRequest) -> Any:
    """The active crews of the user's agencies (or area office), to send with accept or assign."""
    user = staff_user(request)
    rows = (
        Crew.objects.filter(
            active=True,
            agency_id__in=permissions.handled_agency_ids(user),
            agency__jurisdiction=current_jurisdiction(),
        )
        .select_related("agency")
        .annotate(member_count=Count("members"))
        .order_by("agency__code", "name")
    )
    return {
        "results": [
            {"id": c.pk, "name": c.name, "agency": c.agency.code, "member_count": c.member_count}
            for c in rows
        ]
    }


# --- actions --------------------------------------------------------------------------------------


def _part(user: Any, report: Report, *, leading: bool = False) -> Assignment:
    """The user's part, checked before the action so that a refusal of who may act is a 403."""
    part = actions.part_of(user, report)
    if part is None:
        raise NotAllowed(_("Pekerjaan ini bukan untuk Anda atau regu Anda."))
    if leading and not actions.leads_crews(user, part.agency_id):
        raise NotAllowed(_("Hanya pengawas yang boleh melakukan ini."))
    return part


def _crew(part: Assignment, crew_id: int) -> Crew:
    crew = Crew.objects.filter(pk=crew_id, agency_id=part.agency_id, active=True).first()
    if crew is None:
        raise ApiError(422, _("Pilih regu aktif dari instansi ini."), field="crew")
    return crew


def _photos(files: list[UploadedFile] | None) -> list[ProcessedImage]:
    try:
        return process_uploads(list(files or []))
    except forms.ValidationError as exc:
        raise ApiError(422, " ".join(exc.messages), field="photos") from exc


def _captures(raw: str) -> list[Capture]:
    """The phone's time and place at each photo: a list in JSON, or a 422 saying so."""
    if not is_capture_list(raw):
        raise ApiError(422, _("capture harus berupa daftar JSON, satu per foto."), field="capture")
    return captures_from_json(raw)


def _accept(payload: AcceptIn, user: Any, report: Report) -> dict[str, Any]:
    part = _part(user, report, leading=True)
    return {
        "crew": _crew(part, payload.crew) if payload.crew is not None else None,
        "instructions": payload.instructions,
        "note": payload.note,
        "expected_version": payload.expected_version,
    }


def _assign(payload: AssignIn, user: Any, report: Report) -> dict[str, Any]:
    crew = _crew(_part(user, report, leading=True), payload.crew)
    return {"crew": crew, "instructions": payload.instructions}


def _start(payload: WorkIn, user: Any, report: Report) -> dict[str, Any]:
    _part(user, report)
    return {"note": payload.note, "expected_version": payload.expected_version}


def _reroute(payload: RerouteIn, user: Any, report: Report) -> dict[str, Any]:
    _part(user, report)
    if not payload.reason.strip():
        raise ApiError(422, _("Tuliskan alasan pengalihan."), field="reason")
    return {"reason": payload.reason}


def _field_verb(
    path: str, verb: str, body: type[Schema], arguments: Any, doc: str, **kwargs: Any
) -> None:
    """A field verb's JSON endpoint: its refusals as the field's (a job's state is a 409)."""
    verb_endpoint(
        router,
        path,
        verb,
        body,
        arguments,
        doc,
        documented_as=idempotent,
        module=__name__,
        **kwargs,
    )


ACCEPT = """A supervisor takes the job for the agency, and may send a crew with instructions at once.
The lead part moves the report from verified to dispatched; a co-agency takes its own part
and the report does not move."""
_field_verb("accept", "accept", AcceptIn, _accept, ACCEPT)
_field_verb("dispatch", "accept", AcceptIn, _accept, "The old name of /accept: the same action.",
            name="dispatch", deprecated=True)  # fmt: skip
_field_verb("assign", "assign", AssignIn, _assign,
            "Send (or change) the crew of the user's accepted part, with instructions for them; a\n"
            "supervisor only, and a crew of the part's own agency (else 422).")  # fmt: skip
_field_verb("start", "start", WorkIn, _start,
            "The crew is on site: the lead part moves the report from dispatched to in progress.")  # fmt: skip


@router.post("/reports/{code}/progress", response=DETAIL)
@idempotent
def progress(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: Form[ProgressIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """A note and/or 0 to 5 photos (multipart/form-data, in `photos`) from the site while the
    work goes on (the report dispatched or in progress); the citizen sees them."""

    def prepare(user: Any, report: Report) -> dict[str, Any]:
        _part(user, report)
        processed = _photos(photos)
        if not payload.note.strip() and not processed:
            raise InvalidInput(_("Tulis catatan atau lampirkan foto."))
        return {"note": payload.note, "photos": processed}

    return act_on_report(request, response, code, "progress", idempotency_key, prepare)


_field_verb("reroute", "reroute", RerouteIn, _reroute,
            "Tell the LIVE Room the job is not the agency's, with the reason; it decides (re-routing\n"
            "ends the part). The report stays as it is until then.")  # fmt: skip


@router.post("/reports/{code}/complete", response=DETAIL)
@idempotent
def complete(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    payload: Form[CompleteIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Finish with 1 to 5 proof photos (multipart/form-data, in `photos`). The lead part closes
    the job (the report turns done); a co-agency marks its own part done, and the citizen sees
    its note and photos as progress."""

    def prepare(user: Any, report: Report) -> dict[str, Any]:
        _part(user, report)
        proof = _photos(photos)
        captures = _captures(payload.capture)
        if not proof:
            raise ApiError(
                422, _("Unggah minimal satu foto bukti pekerjaan selesai."), field="photos"
            )
        return {
            "proof": proof,
            "note": payload.note,
            "captures": captures,
            "expected_version": payload.expected_version,
        }

    return act_on_report(request, response, code, "complete", idempotency_key, prepare)
