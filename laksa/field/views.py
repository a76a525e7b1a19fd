"""SIGAP, the field app: the supervisor's and the crew's jobs, one job's page, and its actions.
Every action can arrive from the phone's offline queue (static/field/sigap.js): then it carries a
client id, is done once (dispatch/submissions.py) and is answered in JSON."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import csrf
from django.views.decorators.http import require_POST

from laksa.dispatch import actions, verbs
from laksa.dispatch.available import field_actions
from laksa.dispatch.models import Assignment, Part
from laksa.dispatch.selectors import crews_for, job_list
from laksa.dispatch.submissions import parse_client_id
from laksa.field.access import handler_required
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
from laksa.reports.models import PhotoKind, ProofLocation, Report
from laksa.reports.selectors import readable_answers
from laksa.reports.statuses import ROUTED, Status


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
    initial = {"version": report.version}
    crews = crews_for(part)
    offered = field_actions(user, report, part)
    forms: dict[str, FieldForm] = {
        "accept": AcceptForm(initial=initial, crews=crews),
        "assign": AssignForm(initial={**initial, "crew": part.crew_id}, crews=crews),
        "start": StepForm(initial=initial),
        "progress": ProgressForm(initial=initial),
        "reroute": RerouteForm(initial=initial),
        "complete": CompleteForm(initial=initial),
    }
    shown: dict[str, FieldForm | None] = {
        name: form if name in offered else None for name, form in forms.items()
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
            "lead_part": part.part == Part.LEAD,
            "forms": shown,
            "due": due if report.status in ROUTED else None,
            "overdue": bool(due and due < now and report.status in ROUTED),
            "proof_waiting": report.status == Status.DONE
            and report.proof_location == ProofLocation.UNVERIFIED,
            "before": [p for p in photos if p.kind == PhotoKind.BEFORE],
            "progress": [p for p in photos if p.kind == PhotoKind.PROGRESS],
            "proof": [p for p in photos if p.kind == PhotoKind.PROOF],
            "answers": readable_answers(report),
            "events": [e for e in report.events.order_by("id") if e.public_note or e.internal_note],
        },
        status=status,
    )


FORMS: dict[str, type[FieldForm]] = {
    "accept": AcceptForm,
    "assign": AssignForm,
    "start": StepForm,
    "progress": ProgressForm,
    "reroute": RerouteForm,
    "complete": CompleteForm,
}
"""The form of each field verb (dispatch/verbs.py), which gives the verb's arguments."""


@require_POST
@handler_required
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """One action on one job, from a form or from the offline queue."""
    queued = _queued(request)
    form_class = FORMS.get(action)
    if form_class is None:
        return _not_found(queued)
    client_id = parse_client_id(request.POST.get("client_id"))
    try:
        kept = verbs.replayed(action, user=request.user, code=code, client_id=client_id)
    except verbs.KeyReused:
        message = gettext("Tindakan ini sudah terkirim untuk pekerjaan lain.")
        return _answer(request, code, verbs.Outcome(False, message, "invalid"), queued)
    if kept is not None:
        return _answer(request, code, kept, queued)
    try:
        report, part = access_job(request, code)
    except Http404:
        # Re-routed or given to another crew while the phone was offline: the queue must hear
        # a refusal it can show, not a page, or the job's later actions would wait behind it.
        return _not_found(queued)
    kwargs: dict[str, Any] = {"crews": crews_for(part)} if issubclass(form_class, CrewForm) else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        if queued:
            message = " ".join(str(m) for errors in form.errors.values() for m in errors)
            return JsonResponse({"ok": False, "message": message}, status=400)
        return _render_job(request, report, part, failed={action: form}, status=400)
    outcome = verbs.perform(
        action, user=request.user, report=report, arguments=form.arguments(), client_id=client_id
    )
    return _answer(request, code, outcome, queued)


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


def _answer(request: HttpRequest, code: str, outcome: verbs.Outcome, queued: bool) -> HttpResponse:
    """A form gets the job's page with the outcome on top; the queue gets JSON, and a success is
    also kept for the top of the next page the phone opens (it reloads after a send), so the
    supervisor reads that it worked and any warning either way."""
    if outcome.ok:
        messages.success(request, outcome.message)
        for notice in outcome.notices:
            messages.warning(request, notice)
    elif not queued:
        messages.error(request, outcome.message)
    if queued:
        body = {
            "ok": outcome.ok,
            "message": outcome.message,
            "repeat": outcome.repeat,
            "notices": list(outcome.notices),
        }
        return JsonResponse(body, status=200 if outcome.ok else 409)
    return redirect("field:report", code=code)
