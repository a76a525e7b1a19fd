"""Which reports a staff member reaches: everything for the LIVE Room and executives; for an
agency, its reports as far as each role reaches (org.permissions.agency_scopes), a worker only
through the crews' open jobs; for an area office, its area's. Every door (console, SIGAP, the API,
the stream) asks here, so a person sees the same reports wherever they look. A role counts in its
own city only (org.permissions): an operator of another city reaches nothing here."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

from laksa.dispatch.models import Assignment
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.org.selectors import city_or_none
from laksa.reports.models import Report


def staff_reports(user: Any, jurisdiction: Jurisdiction) -> QuerySet[Report]:
    """A city's reports a staff user may see, by their roles in that city: all for its operators
    and executives; else those of their agencies as far as their roles reach
    (permissions.agency_scopes), and their areas' reports."""
    qs = Report.objects.filter(jurisdiction=jurisdiction)
    if permissions.sees_everything(user, jurisdiction):
        return qs
    scopes = permissions.agency_scopes(user, jurisdiction)
    seen = [in_agency_scope(user, scope) for scope in scopes]
    areas = permissions.watched_area_ids(user, jurisdiction)
    seen += [permissions.in_area(area_id) for area_id in areas]
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
    """Whether the user may see the report, by their roles in the report's own city."""
    return staff_reports(user, report.jurisdiction).filter(pk=report.pk).exists()


@dataclass(frozen=True)
class Reach:
    """The same reach as data, for a reader that sees one event at a time without asking the
    database (the live stream): whole agencies, agencies within an area (a supervisor's), and
    watched areas. A worker's crews' jobs are not in it; their stream is the public one and
    their jobs come through SIGAP and the API. All of it within one city, `jurisdiction`: the
    reader skips every other city's events before it asks covers()."""

    jurisdiction: int | None = None
    """The pk of the city the roles were read for; None reaches no city."""
    everything: bool = False
    agencies: frozenset[int] = frozenset()
    agency_areas: frozenset[tuple[int, int]] = frozenset()
    areas: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return self.everything or bool(self.agencies or self.agency_areas or self.areas)

    def covers(
        self, agency_id: int | None, kelurahan_id: int | None, kecamatan_id: int | None
    ) -> bool:
        if self.everything:
            return True
        places = {kelurahan_id, kecamatan_id} - {None}
        return (
            agency_id in self.agencies
            or any((agency_id, area) in self.agency_areas for area in places)
            or bool(places & self.areas)
        )


def reach_of(user: Any, jurisdiction: Jurisdiction | None = None) -> Reach:
    """The user's reach in `jurisdiction`, by default the city this site serves."""
    city = jurisdiction if jurisdiction is not None else city_or_none()
    if city is None:
        return Reach()
    if permissions.sees_everything(user, city):
        return Reach(jurisdiction=city.pk, everything=True)
    scopes = [s for s in permissions.agency_scopes(user, city) if not s.crew_only]
    return Reach(
        jurisdiction=city.pk,
        agencies=frozenset(s.agency_id for s in scopes if s.area_id is None),
        agency_areas=frozenset((s.agency_id, s.area_id) for s in scopes if s.area_id is not None),
        areas=frozenset(permissions.watched_area_ids(user, city)),
    )
