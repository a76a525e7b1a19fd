"""SIGAP, the field app: the supervisor's and the crew's jobs, one job's page, and its actions.
Every action can arrive from the phone's offline queue (static/field/sigap.js): then it carries a
client id, is done once (dispatch/submissions.py) and is answered in JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views import csrf
from django.views.decorators.http import require_POST

from laksa.dispatch import actions
from laksa.dispatch.models import Assignment, Part
from laksa.dispatch.selectors import crews_for, job_list
from laksa.dispatch.submissions import once, parse_client_id, seen
from laksa.field.forms import (
    AcceptForm,
    AssignForm,
    CompleteForm,
    CrewForm,
    FieldForm,
    ProgressForm,
    RerouteForm,
    StepForm,
)
from laksa.lib import clock
from laksa.org.selectors import current_jurisdiction
from laksa.reports.access import handler_required
from laksa.reports.errors import ActionError
from laksa.reports.models import PhotoKind, Report
from laksa.reports.selectors import readable_answers
from laksa.reports.statuses import IN_HAND, ROUTED, Status


def access_job(request: HttpRequest, code: str) -> tuple[Report, Assignment]:
    """The report and the user's part in it; 404 for any other (no hint that it exists)."""
    report = (
        Report.objects.select_related(
            "category", "agency", "kelurahan", "kecamatan", "jurisdiction"
        )
        .filter(jurisdiction=current_jurisdiction(), code=code)
        .first()
    )
    part = actions.part_of(request.user, report) if report else None
    if report is None or part is None:
        raise Http404
    return report, part


@handler_required
def jobs(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    found = job_list(request.user, current_jurisdiction(), now)
    points = [
        {
            "code": j.report.code,
            "lat": j.report.lat,
            "lng": j.report.lng,
            "colour": j.report.colour,
            "overdue": j.overdue,
            "url": f"r/{j.report.code}/",
        }
        for j in found
    ]
    return render(
        request,
        "field/jobs.html",
        {
            "jobs": found,
            "points": points,
            "leads": actions.leads_crews(request.user),
            "tiles": settings.LAKSA_TILE_URL,
        },
    )


@handler_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report, part = access_job(request, code)
    return _render_job(request, report, part)


def _render_job(
    request: HttpRequest,
    report: Report,
    part: Assignment,
    *,
    failed: dict[str, FieldForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    photos = list(report.photos.all())
    user, now = request.user, clock.now()
    leads = actions.leads_crews(user, part.agency_id)
    lead_part = part.part == Part.LEAD
    initial = {"version": report.version}
    crews = crews_for(part)
    open_work = report.status in IN_HAND and part.done_at is None
    shown: dict[str, FieldForm | None] = {
        "accept": AcceptForm(initial=initial, crews=crews)
        if leads
        and (
            (lead_part and report.status == Status.VERIFIED)
            or (not lead_part and part.accepted_at is None and report.status in ROUTED)
        )
        else None,
        "assign": AssignForm(initial={**initial, "crew": part.crew_id}, crews=crews)
        if leads and part.accepted_at and report.status in ROUTED
        else None,
        "start": StepForm(initial=initial)
        if lead_part and report.status == Status.DISPATCHED
        else None,
        "progress": ProgressForm(initial=initial) if report.status in IN_HAND else None,
        "reroute": RerouteForm(initial=initial)
        if report.status in ROUTED and part.reroute_asked_at is None
        else None,
        "complete": CompleteForm(initial=initial)
        if open_work
        or (not lead_part and part.accepted_at and part.done_at is None and report.status in ROUTED)
        else None,
    }
    for name, form in (failed or {}).items():
        shown[name] = form
    due = part.respond_due_at if part.accepted_at is None else part.resolve_due_at
    return render(
        request,
        "field/job.html",
        {
            "report": report,
            "part": part,
            "lead_part": lead_part,
            "forms": shown,
            "due": due if report.status in ROUTED else None,
            "overdue": bool(due and due < now and report.status in ROUTED),
            "before": [p for p in photos if p.kind == PhotoKind.BEFORE],
            "progress": [p for p in photos if p.kind == PhotoKind.PROGRESS],
            "proof": [p for p in photos if p.kind == PhotoKind.PROOF],
            "answers": readable_answers(report),
            "events": [e for e in report.events.order_by("id") if e.public_note or e.internal_note],
        },
        status=status,
    )


@dataclass(frozen=True)
class FieldAction:
    form: type[FieldForm]
    run: Callable[[Any, Report, Any], Any]
    done: Any  # the message when it worked (lazy, translated when shown)


def _version(form: FieldForm) -> int | None:
    return form.cleaned_data.get("version")


ACTIONS: dict[str, FieldAction] = {
    "accept": FieldAction(
        AcceptForm,
        lambda user, report, form: actions.accept_job(
            report,
            by=user,
            crew=form.cleaned_data["crew"],
            instructions=form.cleaned_data["instructions"],
            note=form.cleaned_data["note"],
            expected_version=_version(form),
        ),
        gettext_lazy("Pekerjaan diterima; warga melihat laporannya ditanggapi."),
    ),
    "assign": FieldAction(
        AssignForm,
        lambda user, report, form: actions.assign_crew(
            report,
            by=user,
            crew=form.cleaned_data["crew"],
            instructions=form.cleaned_data["instructions"],
        ),
        gettext_lazy("Regu ditugaskan."),
    ),
    "start": FieldAction(
        StepForm,
        lambda user, report, form: actions.start_job(
            report, by=user, note=form.cleaned_data["note"], expected_version=_version(form)
        ),
        gettext_lazy("Pekerjaan dimulai."),
    ),
    "progress": FieldAction(
        ProgressForm,
        lambda user, report, form: actions.report_progress(
            report, by=user, note=form.cleaned_data["note"], photos=form.processed
        ),
        gettext_lazy("Kemajuan dicatat."),
    ),
    "reroute": FieldAction(
        RerouteForm,
        lambda user, report, form: actions.ask_reroute(
            report, by=user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("Permintaan pengalihan dikirim ke LIVE Room."),
    ),
    "complete": FieldAction(
        CompleteForm,
        lambda user, report, form: actions.finish(
            report,
            by=user,
            proof=form.processed,
            note=form.cleaned_data["note"],
            captures=form.cleaned_data["capture"],
            expected_version=_version(form),
        ),
        gettext_lazy("Pekerjaan selesai; warga sekarang melihat foto bukti."),
    ),
}


@require_POST
@handler_required
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """One action on one job, from a form or from the offline queue."""
    queued = _queued(request)
    spec = ACTIONS.get(action)
    if spec is None:
        return _not_found(queued)
    client_id = parse_client_id(request.POST.get("client_id"))
    if client_id is not None:
        kept = seen(client_id, request.user)
        if kept is not None:
            return _answer(request, code, kept.ok, kept.message or str(spec.done), queued, True)
    try:
        report, part = access_job(request, code)
    except Http404:
        # Re-routed or given to another crew while the phone was offline: the queue must hear
        # a refusal it can show, not a page, or the job's later actions would wait behind it.
        return _not_found(queued)
    kwargs: dict[str, Any] = {"crews": crews_for(part)} if issubclass(spec.form, CrewForm) else {}
    form = spec.form(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        if queued:
            message = " ".join(str(m) for errors in form.errors.values() for m in errors)
            return JsonResponse({"ok": False, "message": message}, status=400)
        return _render_job(request, report, part, failed={action: form}, status=400)

    def run() -> None:
        spec.run(request.user, report, form)

    if client_id is not None:
        done, first = once(client_id, user=request.user, report=report, action=action, do=run)
        ok, message, repeat = done.ok, done.message, not first
    else:
        try:
            run()
            ok, message = True, ""
        except ActionError as error:
            ok, message = False, error.message
        repeat = False
    return _answer(request, code, ok, message or str(spec.done), queued, repeat)


def _queued(request: HttpRequest) -> bool:
    """The request comes from the phone's offline queue, which reads only JSON."""
    return request.headers.get("X-Laksa-Queue") == "1"


def _not_found(queued: bool) -> HttpResponse:
    if not queued:
        raise Http404
    message = gettext("Pekerjaan ini tidak ditemukan atau bukan lagi tugas Anda.")
    return JsonResponse({"ok": False, "message": message}, status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW: JSON for the offline queue (it keeps the action waiting until
    the user signs in again), Django's own page for everything else."""
    if _queued(request):
        message = gettext("Sesi habis: masuk lagi untuk mengirim.")
        return JsonResponse({"ok": False, "message": message, "login": True}, status=403)
    return csrf.csrf_failure(request, reason)


def _answer(
    request: HttpRequest, code: str, ok: bool, message: str, queued: bool, repeat: bool
) -> HttpResponse:
    if queued:
        return JsonResponse(
            {"ok": ok, "message": message, "repeat": repeat}, status=200 if ok else 409
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect("field:report", code=code)
