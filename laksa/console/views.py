"""The operator's screens (the LIVE Room issue builds the full console on these)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from laksa.org import permissions


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Send each staff member to the screen of their role."""
    if permissions.can_triage(request.user):
        return redirect("console:queue")
    if permissions.handled_agency_ids(request.user):
        return redirect("field:jobs")
    if permissions.is_staff_member(request.user):
        return redirect("console:queue")
    return render(request, "console/no_role.html", status=403)
