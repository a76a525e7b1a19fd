"""Who may open which staff screen: decorators and the report fetchers they rely on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from laksa.dispatch.reach import staff_reports
from laksa.org import permissions
from laksa.org.selectors import current_jurisdiction
from laksa.reports.models import Report

View = Callable[..., HttpResponse]


def role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Anonymous users go to the login page; staff without the role get a 403 page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                return render(request, "staff/no_role.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


triage_required = role_required(permissions.can_triage)
console_required = role_required(permissions.can_view_console)
handler_required = role_required(lambda user: bool(permissions.handled_agency_ids(user)))


def access_report(user: Any, code: str) -> Report:
    """The report with this code if the user may see it; 404 otherwise (no hint it exists)."""
    report = (
        staff_reports(user, current_jurisdiction())
        .select_related("category", "agency", "kelurahan", "kecamatan", "contact", "jurisdiction")
        .filter(code=code)
        .first()
    )
    if report is None:
        raise Http404
    return report
