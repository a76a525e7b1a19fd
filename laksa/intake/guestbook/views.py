"""The guest book's public pages: the form and the thank-you page. The form posts once per
token (a reload or a double tap gives back the same entry), is CSRF-protected, rate-limited per
client address, and stores nothing for a bot that fills the honeypot. The contact given is
never shown back, here or on any public page."""

from __future__ import annotations

import uuid
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
from laksa.intake.receive import receive
from laksa.intake.web.maps import form_map_config
from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction
from laksa.reports.errors import InvalidInput

SESSION_THANKS = "laksa_guestbook_thanks"
"""What the thank-you page shows after the redirect: the entry's code and whether a contact was
left (never the contact itself)."""


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
            return render(request, "intake/guestbook/thanks.html", {"code": "", "told": False})
        if form.is_valid():
            try:
                received = receive(form.inbound(), jurisdiction=city)
            except Rejected as exc:
                form.add_problems(exc.problems)
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                contact = received.report.contact
                request.session[SESSION_THANKS] = {
                    "code": received.report.code,
                    "told": bool(contact and (contact.phone or contact.email)),
                    "public": received.report.public,
                    # The writer's own way back to the entry and its answers (it is not public).
                    "private_url": reverse(
                        "public:track_private",
                        args=[received.report.code, received.report.secret],
                    ),
                }
                response = HttpResponseRedirect(reverse("intake:guestbook_thanks"))
                response.status_code = 303  # a reload of the next page never posts again
                return response
        status = 400
    else:
        form = GuestBookForm(initial={"form_token": uuid.uuid4()})
    return _page(request, city, form, status=status)


@require_GET
@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    shown = request.session.get(SESSION_THANKS)
    if not shown:
        return redirect("intake:guestbook")
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
