"""The outbox's screens: a report's messages as the citizen saw them and the messages that need
an operator (staff who may see a reporter's contact), and the public "send me my link" form.

Staff access is asked of org.permissions directly: notify sits below the console and the field
app (DESIGN.md §3), so it cannot borrow their decorators or their scoped report queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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

from laksa.intake.outbound import own_ids, safe_error
from laksa.lib import clock
from laksa.notify import actions
from laksa.notify.models import Attempt, Message, MessageChannel, MessageStatus
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports.models import Report

View = Callable[..., HttpResponse]


def contact_staff_required(view: View) -> View:
    """Operators and administrators: the roles the console shows a reporter's contact to, since
    these pages show what was sent to it (an executive, read-only, sees neither)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_triage(request.user):
            return render(request, "staff/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


PRIVATE_LINK = re.compile(r"(/r/[A-Za-z0-9-]+/)[A-Za-z0-9_-]{16,}")
"""A report's private link, `/r/<code>/<secret>`: whoever holds it acts as the reporter."""


@dataclass
class Shown:
    """A message as staff read it: its subject and body with the private link's secret as •••,
    its error texts with the address masked (also those stored before errors were made safe).
    What is sent is never changed."""

    message: Message
    subject: str
    body: str
    error: str
    attempts: list[tuple[Attempt, str]]


def for_staff(message: Message) -> Shown:
    secret = message.report.secret if message.report else ""
    keep = own_ids(message.account)  # stored readable by the outbox (SendError.safe)

    def shown(text: str) -> str:
        text = PRIVATE_LINK.sub(r"\1•••", text)
        return text.replace(secret, "•••") if secret else text

    def error(text: str) -> str:
        return shown(safe_error(text, recipient=message.recipient, keep=keep))

    return Shown(
        message=message,
        subject=shown(message.subject),
        body=shown(message.body),
        error=error(message.last_error),
        attempts=[(a, error(a.error)) for a in message.attempt_log.all()],
    )


def _messages() -> Any:
    return Message.objects.select_related("account", "report").prefetch_related(
        Prefetch("attempt_log", queryset=Attempt.objects.order_by("id"))
    )


@contact_staff_required
def report_messages(request: HttpRequest, code: str) -> HttpResponse:
    """Every message sent (or to be sent) to the reporter of one report, as they read it."""
    report = Report.objects.filter(jurisdiction=current_jurisdiction(), code=code).first()
    if report is None:
        raise Http404
    found = _messages().filter(report=report).order_by("-created_at", "-id")
    return render(
        request,
        "notify/report_messages.html",
        {"report": report, "found": [for_staff(m) for m in found]},
    )


@contact_staff_required
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
    rows = [for_staff(m) for m in page.object_list]
    return render(request, "notify/trouble.html", {"page": page, "rows": rows})


@contact_staff_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed message again (after the address or the channel was put right)."""
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
