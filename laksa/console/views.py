"""The operator's screens: the triage queue and a report with its actions.

The LIVE Room issue builds the full console (live queue, shortcuts, call-centre entry) on these.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laksa.console.forms import MergeForm, ReferForm, RejectForm, VerifyForm
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports import actions
from laksa.reports.access import access_report, triage_required
from laksa.reports.duplicates import nearby_open_reports
from laksa.reports.errors import ActionError
from laksa.reports.models import Report
from laksa.reports.selectors import readable_answers, staff_reports, with_list_columns
from laksa.reports.statuses import Status

QUEUE_FILTERS = {
    "triage": [Status.NEW, Status.VERIFIED],
    "new": [Status.NEW],
    "verified": [Status.VERIFIED],
    "in_hand": [Status.DISPATCHED, Status.IN_PROGRESS],
    "done": [Status.DONE, Status.CLOSED],
    "closed": [Status.REJECTED, Status.DUPLICATE, Status.REFERRED],
}


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Send each staff member to the screen of their role."""
    if permissions.can_triage(request.user):
        return redirect("console:queue")
    if permissions.handled_agency_ids(request.user):
        return redirect("field:jobs")
    if permissions.sees_everything(request.user):
        # Leaders watch the whole city; their dashboard comes with the KPI issue.
        return redirect("public:stats")
    return render(request, "staff/no_role.html", status=403)


@triage_required
def queue(request: HttpRequest) -> HttpResponse:
    """Reports waiting for an operator: new ones first, oldest first within each status."""
    shown = request.GET.get("status", "triage")
    statuses = QUEUE_FILTERS.get(shown, QUEUE_FILTERS["triage"])
    qs = with_list_columns(staff_reports(request.user, current_jurisdiction())).filter(
        status__in=statuses
    )
    if shown == "triage":
        # "new" before "verified", the oldest first within each: the longest wait is served first.
        first = Case(When(status=Status.NEW, then=Value(0)), default=Value(1))
        qs = qs.order_by(first, "created_at")
    else:
        qs = qs.order_by("-updated_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "console/queue.html",
        {
            "page": page,
            "shown": shown,
            "filters": QUEUE_FILTERS,
            "status_labels": dict(Status.choices),
        },
    )


@triage_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    return _render_report(request, report)


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    nearby = nearby_open_reports(report.category, report.lat, report.lng, exclude_id=report.pk)
    refer_form = forms.get("refer") or ReferForm(report=report)
    context = {
        "report": report,
        "photos": list(report.photos.all()),
        "events": list(report.events.select_related("actor").order_by("id")),
        "answers": readable_answers(report),
        "nearby": nearby,
        "contact": None if report.anonymous else report.contact,
        "verify_form": forms.get("verify") or VerifyForm(report=report),
        "reject_form": forms.get("reject") or RejectForm(initial={"version": report.version}),
        "merge_form": forms.get("merge") or MergeForm(initial={"version": report.version}),
        "refer_form": refer_form,
        "can_refer": bool(refer_form.fields["to"].choices),  # type: ignore[attr-defined]
        "map_config": {
            "lat": report.lat,
            "lng": report.lng,
            "tiles": settings.LAKSA_TILE_URL,
            "attribution": settings.LAKSA_TILE_ATTRIBUTION,
            "area": report.kelurahan.geometry_json() if report.kelurahan else None,
        },
        "open": report.status in (Status.NEW, Status.VERIFIED),
        "reroutable": report.status in (Status.VERIFIED, Status.DISPATCHED, Status.IN_PROGRESS),
    }
    return render(request, "console/report.html", context, status=status)


def _done(request: HttpRequest, report: Report, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("console:report", code=report.code)


def _refused(request: HttpRequest, report: Report, error: ActionError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("console:report", code=report.code)


@require_POST
@triage_required
def verify(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    form = VerifyForm(request.POST, report=report)
    if not form.is_valid():
        return _render_report(request, report, forms={"verify": form}, status=400)
    try:
        actions.verify_report(
            report,
            by=request.user,
            agency=form.cleaned_data["agency"],
            category=form.cleaned_data["category"],
            public_note=form.cleaned_data["public_note"],
            internal_note=form.cleaned_data["internal_note"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        return _refused(request, report, error)
    return _done(
        request,
        report,
        _("%(code)s diteruskan ke %(agency)s.")
        % {"code": report.code, "agency": form.cleaned_data["agency"]},
    )


@require_POST
@triage_required
def reject(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_report(request, report, forms={"reject": form}, status=400)
    try:
        actions.reject_report(
            report,
            by=request.user,
            reason=form.cleaned_data["full_reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        return _refused(request, report, error)
    return _done(request, report, _("%(code)s ditolak.") % {"code": report.code})


@require_POST
@triage_required
def merge(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _render_report(request, report, forms={"merge": form}, status=400)
    target = (
        staff_reports(request.user, report.jurisdiction)
        .filter(code=form.cleaned_data["into"].strip().upper())
        .first()
    )
    if target is None:
        form.add_error("into", _("Tidak ada laporan dengan kode itu."))
        return _render_report(request, report, forms={"merge": form}, status=400)
    try:
        actions.merge_duplicate(
            report, into=target, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except ActionError as error:
        return _refused(request, report, error)
    return _done(
        request,
        report,
        _("%(code)s digabungkan ke %(into)s.") % {"code": report.code, "into": target.code},
    )


@require_POST
@triage_required
def refer(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    form = ReferForm(request.POST, report=report)
    if not form.is_valid():
        return _render_report(request, report, forms={"refer": form}, status=400)
    try:
        actions.refer_report(
            report,
            by=request.user,
            to=form.cleaned_data["to"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        return _refused(request, report, error)
    return _done(request, report, _("%(code)s dirujuk.") % {"code": report.code})
