"""The guest book's public pages: the form and the thank-you page. The form posts once per
token (a reload or a double tap gives back the same entry), is CSRF-protected, rate-limited per
client address, and stores nothing for a bot that fills the honeypot. The contact given is
never shown back, here or on any public page. The entry's private link is shown only in the
browser that wrote it (intake.web.tokens), and there only once: the thank-you page drops it when
first shown, so whoever opens that page again in the same browser (the next visitor at a
kelurahan office's shared tablet, through its history) sees the code and not the link."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from laksa.intake.errors import Rejected
from laksa.intake.guestbook.inbound import HONEYPOT, GuestBookForm
from laksa.intake.guestbook.throttle import allow
from laksa.intake.receive import KeyReused, receive
from laksa.intake.web import tokens
from laksa.intake.web.maps import form_map_config
from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Report

SESSION_THANKS = "laksa_guestbook_thanks"
"""What the thank-you page shows after the redirect: the entry's code, whether a contact was left
(never the contact itself) and, until the page has been shown once, the private link."""
SENT: dict[str, Any] = {"code": "", "told": False}
"""The thank-you page without the entry: it was received, and neither its code nor its link is
shown (a bot's answer, and another browser's re-post of a used form)."""


@never_cache
def guestbook(request: HttpRequest) -> HttpResponse:
    city = current_jurisdiction()
    status = 200
    if request.method == "POST":
        if not allow(request, scope="guestbook"):
            form = GuestBookForm(request.POST)
            form.add_error(
                None, _("Terlalu banyak pesan dalam semenit; tunggu sebentar lalu kirim lagi.")
            )
            return _page(request, city, form, status=429)
        form = GuestBookForm(request.POST, request.FILES)
        if form.is_bot():
            # Answer as if it worked: a bot that learns nothing tries nothing else.
            return render(request, "intake/guestbook/thanks.html", SENT)
        if form.is_valid():
            try:
                received = receive(form.inbound(), jurisdiction=city)
            except Rejected as exc:
                form.add_problems(exc.problems)
            except KeyReused:
                form.add_error(
                    None,
                    _(
                        "Formulir ini sudah pernah dikirim dengan isi yang lain. Periksa "
                        "isiannya, lalu kirim lagi sebagai pesan baru."
                    ),
                )
                tokens.renew(request, form)
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                if not received.created and not _wrote(request, form, received.report):
                    # The same form again from another browser: it was sent, and no more.
                    return render(request, "intake/guestbook/thanks.html", SENT)
                if not _link_shown(request, received.report):
                    _thank(request, received.report)
                response = HttpResponseRedirect(reverse("intake:guestbook_thanks"))
                response.status_code = 303  # a reload of the next page never posts again
                return response
        status = 400
    else:
        form = GuestBookForm(initial={"form_token": tokens.issue(request)})
    return _page(request, city, form, status=status)


def _wrote(request: HttpRequest, form: GuestBookForm, report: Report) -> bool:
    """Whether this browser wrote the entry its form's token made: the token was issued here,
    or this session was already thanked for it (a re-post without the form page)."""
    thanked = request.session.get(SESSION_THANKS) or {}
    return (
        tokens.issued_here(request, form.cleaned_data["form_token"])
        or thanked.get("code") == report.code
    )


def _thank(request: HttpRequest, report: Report) -> None:
    contact = report.contact
    request.session[SESSION_THANKS] = {
        "code": report.code,
        "told": bool(contact and (contact.phone or contact.email)),
        "public": report.public,
        # The writer's own way back to the entry and its answers (it is not public).
        "private_url": reverse("public:track_private", args=[report.code, report.secret]),
    }


def _link_shown(request: HttpRequest, report: Report) -> bool:
    """Whether this browser's thank-you page has already shown the entry's private link: the
    same form posted again after that (the back button on a shared tablet) does not bring it
    back."""
    thanked = request.session.get(SESSION_THANKS) or {}
    return thanked.get("code") == report.code and "private_url" not in thanked


@require_GET
@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    shown = request.session.get(SESSION_THANKS)
    if not shown:
        return redirect("intake:guestbook")
    if "private_url" in shown:
        # The link once: a reload, or the next person at the same browser, gets the code only
        # (without the secret it opens nothing: the entry is not public).
        request.session[SESSION_THANKS] = {k: v for k, v in shown.items() if k != "private_url"}
    return render(request, "intake/guestbook/thanks.html", shown)


def _page(
    request: HttpRequest, city: Jurisdiction, form: GuestBookForm, *, status: int
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "honeypot": form[HONEYPOT],
        "map_config": form_map_config(city),
    }
    return render(request, "intake/guestbook/form.html", context, status=status)
