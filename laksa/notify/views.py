"""The outbox's screens: a report's messages as the citizen saw them and the messages that need
an operator (staff, who see the whole city), and the public "send me my link" form.

Staff access is asked of org.permissions directly: notify sits below the console and the field
app (DESIGN.md §3), so it cannot borrow their decorators or their scoped report queries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from laksa.lib import clock
from laksa.notify import actions
from laksa.notify.models import Attempt, Message, MessageChannel, MessageStatus
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports.models import Report

View = Callable[..., HttpResponse]


def city_staff_required(view: View) -> View:
    """Operators, administrators and executives: those who see every report of the city."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.sees_everything(request.user):
            return render(request, "staff/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _messages() -> Any:
    return Message.objects.select_related("account", "report").prefetch_related(
        Prefetch("attempt_log", queryset=Attempt.objects.order_by("id"))
    )


@city_staff_required
def report_messages(request: HttpRequest, code: str) -> HttpResponse:
    """Every message sent (or to be sent) to the reporter of one report, as they read it."""
    report = Report.objects.filter(jurisdiction=current_jurisdiction(), code=code).first()
    if report is None:
        raise Http404
    found = list(_messages().filter(report=report).order_by("-created_at", "-id"))
    return render(
        request,
        "notify/report_messages.html",
        {"report": report, "found": found, "can_retry": permissions.can_triage(request.user)},
    )


@city_staff_required
def trouble(request: HttpRequest) -> HttpResponse:
    """Messages that will not go without an operator: failed for good, or waiting for a channel
    (SMS, WhatsApp, Telegram) the city has not configured."""
    city = current_jurisdiction()
    needing = _messages().filter(
        Q(status=MessageStatus.FAILED)
        | (Q(status=MessageStatus.QUEUED, account__isnull=True) & ~Q(channel=MessageChannel.EMAIL)),
        jurisdiction=city,
    )
    page = Paginator(needing.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/trouble.html",
        {"page": page, "can_retry": permissions.can_triage(request.user)},
    )


@city_staff_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed message again (after the address or the channel was put right)."""
    if not permissions.can_triage(request.user):
        return render(request, "staff/no_role.html", status=403)
    Message.objects.filter(
        pk=pk, jurisdiction=current_jurisdiction(), status=MessageStatus.FAILED
    ).update(status=MessageStatus.QUEUED, next_attempt_at=clock.now())
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else "notify:trouble"
    )


class LinkForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Kode laporan"), max_length=24)
    contact = forms.CharField(
        label=gettext_lazy("Nomor telepon atau surel yang Anda berikan saat melapor"),
        max_length=254,
    )


def send_my_link(request: HttpRequest) -> HttpResponse:
    """The reporter asks for their private link again. The answer never says whether the code
    and contact matched, and never shows the contact: the link goes only to what is stored."""
    if request.method == "POST":
        form = LinkForm(request.POST)
        if form.is_valid():
            actions.request_link(form.cleaned_data["code"], form.cleaned_data["contact"])
            return render(request, "notify/send_link.html", {"form": LinkForm(), "done": True})
    else:
        form = LinkForm(initial={"code": request.GET.get("code", "")[:24]})
    return render(request, "notify/send_link.html", {"form": form, "done": False})
