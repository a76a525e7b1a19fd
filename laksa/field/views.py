"""The supervisor's screens (the SIGAP issue builds the offline field app on these)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laksa.field.forms import CompleteForm, StepForm
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports import actions
from laksa.reports.access import handler_required
from laksa.reports.errors import ActionError
from laksa.reports.models import PhotoKind, Report
from laksa.reports.selectors import readable_answers, staff_reports, with_list_columns
from laksa.reports.statuses import Status

ACTIVE = [Status.VERIFIED, Status.DISPATCHED, Status.IN_PROGRESS]


def _agency_reports(request: HttpRequest) -> QuerySet[Report]:
    """Reports routed to the user's agencies (an area official: their area's offices)."""
    return staff_reports(request.user, current_jurisdiction()).filter(
        agency_id__in=permissions.handled_agency_ids(request.user)
    )


def access_job(request: HttpRequest, code: str) -> Report:
    """A report of the user's agency; 404 for any other (no hint that it exists)."""
    report = (
        _agency_reports(request)
        .select_related("category", "agency", "kelurahan", "kecamatan", "jurisdiction")
        .filter(code=code)
        .first()
    )
    if report is None:
        raise Http404
    return report


@handler_required
def jobs(request: HttpRequest) -> HttpResponse:
    """The agency's jobs: waiting to be accepted, accepted, in progress; then the last 14 days' done."""
    recent = timezone.now() - timedelta(days=14)
    qs = with_list_columns(_agency_reports(request)).filter(
        Q(status__in=ACTIVE) | Q(status__in=[Status.DONE, Status.CLOSED], done_at__gte=recent)
    )
    order = Case(
        When(status=Status.VERIFIED, then=Value(0)),
        When(status=Status.DISPATCHED, then=Value(1)),
        When(status=Status.IN_PROGRESS, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    reports = list(qs.annotate(step=order).order_by("step", "created_at")[:200])
    return render(request, "field/jobs.html", {"reports": reports})


@handler_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = access_job(request, code)
    return _render_job(request, report)


def _render_job(
    request: HttpRequest,
    report: Report,
    *,
    complete_form: CompleteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    photos = list(report.photos.all())
    return render(
        request,
        "field/job.html",
        {
            "report": report,
            "before": [p for p in photos if p.kind == PhotoKind.BEFORE],
            "proof": [p for p in photos if p.kind == PhotoKind.PROOF],
            "answers": readable_answers(report),
            "events": [e for e in report.events.order_by("id") if e.public_note or e.internal_note],
            "step_form": StepForm(initial={"version": report.version}),
            "complete_form": complete_form or CompleteForm(initial={"version": report.version}),
        },
        status=status,
    )


def _step(request: HttpRequest, code: str, action: str) -> HttpResponse:
    report = access_job(request, code)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Permintaan tidak lengkap; muat ulang halaman."))
        return redirect("field:report", code=code)
    do = actions.dispatch_report if action == "accept" else actions.start_work
    try:
        do(
            report,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Status laporan diperbarui: %(s)s.") % {"s": report.get_status_display()}
        )
    return redirect("field:report", code=code)


@require_POST
@handler_required
def accept(request: HttpRequest, code: str) -> HttpResponse:
    return _step(request, code, "accept")


@require_POST
@handler_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    return _step(request, code, "start")


@require_POST
@handler_required
def complete(request: HttpRequest, code: str) -> HttpResponse:
    report = access_job(request, code)
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_job(request, report, complete_form=form, status=400)
    try:
        actions.complete_report(
            report,
            by=request.user,
            proof=form.processed,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            captures=form.cleaned_data["capture"],
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("field:report", code=code)
    messages.success(request, _("Pekerjaan selesai; warga sekarang melihat foto bukti."))
    return redirect("field:report", code=code)
