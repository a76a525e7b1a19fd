"""Which reports a staff member reaches: everything for the LIVE Room and executives; for an
agency, its reports as far as each role reaches (org.permissions.agency_scopes), a worker only
through the crews' open jobs; for an area office, its area's. Every door (console, SIGAP, the API,
the stream) asks here, so a person sees the same reports wherever they look."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

from laksa.dispatch.models import Assignment
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report


def staff_reports(user: Any, jurisdiction: Jurisdiction) -> QuerySet[Report]:
    """Reports a staff user may see: all for operators and executives; else those of their
    agencies as far as their roles reach (permissions.agency_scopes), and their areas' reports."""
    qs = Report.objects.filter(jurisdiction=jurisdiction)
    if permissions.sees_everything(user):
        return qs
    seen = [in_agency_scope(user, scope) for scope in permissions.agency_scopes(user)]
    seen += [permissions.in_area(area_id) for area_id in permissions.watched_area_ids(user)]
    if not seen:
        return qs.none()
    return qs.filter(reduce(operator.or_, seen))


def in_agency_scope(user: Any, scope: permissions.AgencyScope, prefix: str = "") -> Q:
    """The reports of one of the user's agency scopes; `prefix` reaches the report from another
    model ("report__"). A worker's are those with an open assignment to one of their crews."""
    if scope.crew_only:
        jobs = Assignment.objects.filter(
            ended_at=None, agency_id=scope.agency_id, crew__members=user
        ).values("report_id")
        return Q(**{f"{prefix}pk__in": jobs})
    q = Q(**{f"{prefix}agency_id": scope.agency_id})
    if scope.area_id is not None:
        q &= permissions.in_area(scope.area_id, prefix)
    return q


def staff_can_see(user: Any, report: Report) -> bool:
    return staff_reports(user, report.jurisdiction).filter(pk=report.pk).exists()
