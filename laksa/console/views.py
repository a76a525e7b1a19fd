"""The operator's screens: the live queue, a report with its actions, and the call-centre entry.

Executives and agency heads see the queue and reports of their scope read-only; only operators act.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laksa.console.assignments import (
    report_assignments,
    reroute_pending,
    reroute_requests,
)
from laksa.console.escalations import (
    Row,
    can_view_escalations,
    chosen_level,
    escalations_for,
    late_until,
)
from laksa.console.forms import (
    QUEUE_TABS,
    MergeForm,
    NoteForm,
    PlaceForm,
    PriorityForm,
    ProofDecisionForm,
    QueueFilterForm,
    ReferForm,
    RejectForm,
    ReplyForm,
    VerifyForm,
    VisibilityForm,
)
from laksa.console.models import mark_present, others_present
from laksa.dispatch import verbs
from laksa.dispatch.available import available_actions
from laksa.dispatch.models import Level
from laksa.dispatch.reach import staff_reports
from laksa.field.access import (
    View,
    access_report,
    console_required,
    role_required,
    triage_required,
)
from laksa.intake.callcenter.inbound import CallForm
from laksa.intake.conversations import pieces_of
from laksa.intake.errors import Rejected
from laksa.intake.receive import KeyReused, receive
from laksa.intake.web import tokens
from laksa.intake.web.maps import form_map_config
from laksa.kpi import access as kpi_access
from laksa.lib import clock
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction
from laksa.reports.duplicates import nearby_open_reports
from laksa.reports.errors import ActionError
from laksa.reports.models import PlaceSource, ProofLocation, Report
from laksa.reports.selectors import readable_answers, with_list_columns
from laksa.reports.sla import is_overdue, overdue_q
from laksa.reports.statuses import ROUTED, WAITING, Status


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Send each staff member to the screen of their role."""
    if permissions.can_triage(request.user):
        return redirect("console:queue")
    if kpi_access.lands_on_dashboard(request.user):
        # The executive, agency heads and area officials answer for performance: their dashboard.
        return redirect("kpi:home")
    if permissions.handled_agency_ids(request.user):
        return redirect("field:jobs")
    if permissions.sees_everything(request.user):
        return redirect("live:wall")
    return render(request, "staff/no_role.html", status=403)


QUEUE_PAGE = 50


@console_required
def queue(request: HttpRequest) -> HttpResponse:
    """The queue: emergencies pinned, new before verified, then the earliest due first.

    An htmx request gets the list alone, which the page re-fetches when the live stream speaks.
    """
    city = current_jurisdiction()
    form = QueueFilterForm(
        request.GET, jurisdiction=city, own_agencies=permissions.own_agency_ids(request.user)
    )
    filters = form.values()
    now = clock.now()
    # Sort the narrow ids first, then load the 50 rows of the page with what they show: sorting
    # whole joined rows of a queue of 100,000 costs several times more.
    ordered = queue_reports(request.user, city, filters, now=now).values_list("id", flat=True)
    page = Paginator(ordered, QUEUE_PAGE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    # The re-route badge rides on the rows' own query: no query per row, none extra per page.
    loaded = Report.objects.filter(pk__in=ids).annotate(reroute_asked=reroute_pending())
    rows = {r.pk: r for r in with_list_columns(loaded)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # type: ignore[misc]
    for report in page.object_list:
        report.overdue = is_overdue(report, now)  # type: ignore[attr-defined]
        waiting = report.proof_location == ProofLocation.UNVERIFIED  # type: ignore[attr-defined]
        report.proof_unverified = waiting and report.status == Status.DONE  # type: ignore[attr-defined]
        asked = report.reroute_asked and report.status in ROUTED  # type: ignore[attr-defined]
        report.reroute_asked = asked  # type: ignore[attr-defined]
        # The row shows the response target while the report waits, the fix target after.
        report.is_waiting = report.status in WAITING  # type: ignore[attr-defined]
        is_new = report.status == Status.NEW  # type: ignore[attr-defined]
        report.new_emergency = is_new and report.category.emergency  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "shown": filters["status"],
        "tabs": _queue_tabs(),
        "form": form,
        "query": query.urlencode(),
        "can_triage": permissions.can_triage(request.user),
        "now": now,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "console/_queue_list.html", context)
    return render(request, "console/queue.html", context)


def _queue_tabs() -> list[tuple[str, str]]:
    return [
        ("triage", _("Perlu diperiksa")),
        ("new", _("Baru")),
        ("verified", _("Terverifikasi")),
        ("in_hand", _("Ditangani")),
        ("done", _("Selesai")),
        ("closed", _("Ditutup")),
    ]


def queue_reports(
    user: Any, city: Jurisdiction, filters: dict[str, Any], *, now: datetime
) -> QuerySet[Report]:
    """The reports of one queue view, in queue order."""
    qs = staff_reports(user, city).filter(
        status__in=QUEUE_TABS.get(filters["status"], QUEUE_TABS["triage"])
    )
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("agency"):
        agency = filters["agency"]
        qs = qs.filter(Q(agency=agency) | Q(co_agencies=agency)).distinct()
    if filters.get("mine"):
        mine = filters["mine"]
        qs = qs.filter(Q(agency__in=mine) | Q(co_agencies__in=mine)).distinct()
    if filters.get("kecamatan"):
        qs = qs.filter(kecamatan=filters["kecamatan"])
    if filters.get("overdue"):
        qs = qs.filter(overdue_q(now))
    if filters.get("proof_unverified"):
        qs = qs.filter(status=Status.DONE, proof_location=ProofLocation.UNVERIFIED)
    if filters.get("needs_place"):  # came with no point, or only at its area's centre
        qs = qs.exclude(place_source=PlaceSource.POINT)
    if filters["status"] in ("done", "closed"):
        return qs.order_by("-updated_at", "-id")
    due = Case(When(status__in=WAITING, then=F("respond_due_at")), default=F("resolve_due_at"))
    new_first = Case(When(status=Status.NEW, then=Value(0)), default=Value(1))
    return qs.annotate(due=due).order_by(
        F("category__emergency").desc(),
        new_first,
        F("priority").desc(),
        F("due").asc(nulls_last=True),
        "created_at",
        "id",
    )


ESCALATION_PAGE = 50


@role_required(can_view_escalations)
def escalations(request: HttpRequest) -> HttpResponse:
    """Late reports raised to a level and still being worked, as far as the user's role reaches;
    those who see everything pick the level (the executive's list by default)."""
    user, now = request.user, clock.now()
    level = chosen_level(user, request.GET.get("level"))
    found = escalations_for(user, current_jurisdiction(), level)
    page = Paginator(found, ESCALATION_PAGE).get_page(request.GET.get("page"))
    console = permissions.can_view_console(user)
    handled = permissions.handled_agency_ids(user)
    rows = []
    for escalation in page.object_list:
        report = escalation.report
        if console:
            link = reverse("console:report", args=[report.code])
        elif report.agency_id in handled:  # the field app opens their agency's part of it
            link = reverse("field:report", args=[report.code])
        else:
            link = ""
        rows.append(Row(escalation, late_until(escalation, now), link))
    context = {
        "page": page,
        "rows": rows,
        "level": level,
        "level_label": Level(level).label if level else "",
        "levels": Level.choices if level else [],
        "now": now,
    }
    return render(request, "console/escalations.html", context)


@console_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = access_report(request.user, code)
    return _render_report(request, report)


@console_required
def presence(request: HttpRequest, code: str) -> HttpResponse:
    """Polled by the report page: keeps this user present and lists who else has it open."""
    report = access_report(request.user, code)
    mark_present(report, request.user)
    return render(
        request,
        "console/_presence.html",
        {"report": report, "others": others_present(report, request.user)},
    )


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    mark_present(report, request.user)
    can_triage = permissions.can_triage(request.user)
    nearby = (
        nearby_open_reports(report.category, report.lat, report.lng, exclude_id=report.pk)
        if report.lat is not None and report.lng is not None and not report.place_approximate
        else []
    )
    events = list(report.events.select_related("actor").order_by("id"))
    assignments = report_assignments(report)
    context: dict[str, Any] = {
        "report": report,
        "photos": list(report.photos.all()),
        "events": events,
        "assignments": assignments,
        "reroute_requests": reroute_requests(report, assignments, events),
        "answers": readable_answers(report),
        "conversation": pieces_of(report),
        "nearby": nearby,
        "contact": None if report.anonymous else report.contact,
        "co_agencies": list(report.co_agencies.all()),
        "overdue": is_overdue(report),
        "others": others_present(report, request.user),
        "can_triage": can_triage,
        "map_config": {
            "lat": report.lat,
            "lng": report.lng,
            "center": [report.jurisdiction.center_lat, report.jurisdiction.center_lng],
            "tiles": settings.LAKSA_TILE_URL,
            "attribution": settings.LAKSA_TILE_ATTRIBUTION,
            "area": report.kelurahan.geometry_json() if report.kelurahan else None,
            "nearby": [
                {
                    "lat": n.report.lat,
                    "lng": n.report.lng,
                    "code": n.report.code,
                    "colour": n.report.hex_colour,
                }
                for n in nearby
            ],
        },
        "acts": available_actions(request.user, report),
        "to_verify": report.status == Status.NEW,
    }
    if can_triage:
        refer_form: ReferForm = forms.get("refer") or ReferForm(report=report)
        versioned = {"version": report.version}
        context.update(
            verify_form=forms.get("verify") or VerifyForm(report=report),
            reject_form=forms.get("reject") or RejectForm(initial=versioned),
            merge_form=forms.get("merge") or MergeForm(initial=versioned),
            refer_form=refer_form,
            can_refer=bool(refer_form.fields["to"].choices),  # type: ignore[attr-defined]
            priority_form=forms.get("priority")
            or PriorityForm(initial={**versioned, "priority": report.priority}),
            visibility_form=forms.get("visibility")
            or VisibilityForm(initial={**versioned, "public": not report.public}),
            reply_form=forms.get("reply") or ReplyForm(initial=versioned),
            note_form=forms.get("note") or NoteForm(initial=versioned),
            place_form=forms.get("place")
            or PlaceForm(initial={**versioned, "address": report.address}),
            proof_form=forms.get("proof") or ProofDecisionForm(initial=versioned),
        )
    return render(request, "console/report.html", context, status=status)


class ActionForm(Protocol):
    """A console action form (console/forms.py): valid or not, its verb and the verb's arguments."""

    @property
    def verb(self) -> str: ...

    def is_valid(self) -> bool: ...

    def arguments(self, report: Report, user: Any) -> dict[str, Any]: ...


def _act(
    request: HttpRequest, code: str, name: str, make_form: Callable[[Report], ActionForm]
) -> HttpResponse:
    """Every console action: the report in the user's scope, its form checked (else the page again
    with the errors), then the verb of dispatch/verbs.py run and its outcome shown on the report."""
    report = access_report(request.user, code)
    form = make_form(report)
    try:
        if not form.is_valid():
            raise forms.ValidationError("")
        arguments = form.arguments(report, request.user)
    except forms.ValidationError:
        return _render_report(request, report, forms={name: form}, status=400)
    outcome = verbs.perform(form.verb, user=request.user, report=report, arguments=arguments)
    (messages.success if outcome.ok else messages.error)(request, outcome.message)
    return redirect("console:report", code=report.code)


def _action(name: str, make_form: Callable[[HttpRequest, Report], ActionForm]) -> View:
    """The POST view of one console action (its form named `name` on the report page)."""

    @require_POST
    @triage_required
    def view(request: HttpRequest, code: str) -> HttpResponse:
        return _act(request, code, name, lambda report: make_form(request, report))

    view.__name__ = view.__qualname__ = name
    return view


verify = _action("verify", lambda request, r: VerifyForm(request.POST, report=r))
reject = _action("reject", lambda request, r: RejectForm(request.POST))
# The control room's decision on a job closed with photos of unknown location.
proof = _action("proof", lambda request, r: ProofDecisionForm(request.POST))
merge = _action("merge", lambda request, r: MergeForm(request.POST))
refer = _action("refer", lambda request, r: ReferForm(request.POST, report=r))
priority = _action("priority", lambda request, r: PriorityForm(request.POST))
visibility = _action("visibility", lambda request, r: VisibilityForm(request.POST))
reply = _action("reply", lambda request, r: ReplyForm(request.POST))
note = _action("note", lambda request, r: NoteForm(request.POST))
place = _action("place", lambda request, r: PlaceForm(request.POST))


@triage_required
def call_entry(request: HttpRequest) -> HttpResponse:
    """A report taken by an operator (a call, an SMS typed in, a visit or letter, the guest book),
    through the same intake as every door."""
    city = current_jurisdiction()
    if request.method == "POST":
        form = CallForm(request.POST, request.FILES, jurisdiction=city)
        if form.is_valid():
            inbound = form.inbound(channel=form.cleaned_data["how"], contact=form.contact())
            try:
                report = receive(inbound, jurisdiction=city, actor=request.user).report
            except Rejected as exc:
                form.add_problems(exc.problems)
            except KeyReused:
                # A first save that committed but whose answer was lost, then a field corrected:
                # the token is spent, and the form is offered again under a fresh one.
                form.add_error(
                    None,
                    _(
                        "Formulir ini sudah pernah tersimpan dengan isi yang lain: simpanan "
                        "sebelumnya mungkin sudah tercatat. Periksa antrean agar laporan tidak "
                        "tercatat dua kali; bila ini laporan baru, lampirkan lagi fotonya lalu "
                        "simpan."
                    ),
                )
                tokens.renew(request, form)
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Laporan tercatat sebagai %(code)s (kanal: %(how)s).")
                    % {"how": report.get_channel_display(), "code": report.code},
                )
                response = redirect("console:report", code=report.code)
                response.status_code = 303  # a reload of the next page never re-posts the call
                return response
        status = 400
    else:
        form = CallForm(jurisdiction=city, initial={"form_token": uuid.uuid4()})
        status = 200
    context = {
        "form": form,
        "map_config": form_map_config(city),
    }
    return render(request, "console/call.html", context, status=status)
