"""Demo reports: realistic complaints over the last 60 days, moved through the real actions, so
that every report has a true history.

Every report's fate is planned first (its outcome and the moment of each step); then all steps of
all reports run in the order of their moments, each through its action "at" that moment (see `at`).
So events are numbered in time order across the whole city, as in a real service, and each
report's history replays to its status.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import shapely
from django.contrib.auth.models import User
from django.utils import timezone
from shapely.geometry import shape

from laksa.catalog.models import Category, Datatype
from laksa.demo.photos import scene
from laksa.demo.texts import (
    GENERIC,
    NAMES,
    OPENERS,
    PLACES,
    RATING_COMMENTS,
    REJECT_REASONS,
    STREETS,
    TEXTS,
    WEIGHTS,
)
from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Crew
from laksa.lib import clock
from laksa.lib.images import ProcessedImage
from laksa.org.models import Agency, AgencyKind, Area, AreaLevel, Jurisdiction, Membership, Role
from laksa.reports import actions
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Channel, Report
from laksa.reports.statuses import ROUTED, ROUTED_OR_FINISHED, Status

# Where demo reports end up, in rough proportion to a working service.
OUTCOMES = [
    (Status.NEW, 10),
    (Status.VERIFIED, 8),
    (Status.DISPATCHED, 10),
    (Status.IN_PROGRESS, 10),
    (Status.DONE, 10),
    (Status.CLOSED, 34),
    (Status.REJECTED, 7),
    (Status.DUPLICATE, 6),
    (Status.REFERRED, 5),
]
CHANNELS = [
    (Channel.WEB, 26),
    (Channel.APP, 22),
    (Channel.WHATSAPP, 22),
    (Channel.PHONE, 10),
    (Channel.X, 7),
    (Channel.INSTAGRAM, 6),
    (Channel.SMS, 5),
    (Channel.GUESTBOOK, 2),
]
DAYS = 60
MINUTE = timedelta(minutes=1)


@dataclass
class Plan:
    """One demo report: what it says, where, and the moments of its steps."""

    number: int
    outcome: str
    category: Category
    lat: float
    lng: float
    kelurahan: Area
    created: datetime
    agency: Agency | None = None
    original: Plan | None = None
    report: Report | None = None
    photo: Future[ProcessedImage] | None = None
    proof: Future[ProcessedImage] | None = None
    steps: list[tuple[datetime, Callable[[Plan, datetime], object]]] = field(default_factory=list)


class DemoReports:
    def __init__(self, city: Jurisdiction, seed: int | None = None) -> None:
        self.city = city
        # A second load adds different reports rather than the same ones again.
        self.rnd = random.Random(2611 + city.reports.count() if seed is None else seed)
        self.now = clock.now().replace(second=0, microsecond=0)
        categories = list(city.categories.select_related("agency").filter(active=True))
        self.categories = [(c, WEIGHTS.get(c.code, 1)) for c in categories]
        self.city_categories = [
            (c, w) for c, w in self.categories if c.agency.kind != AgencyKind.EXTERNAL
        ]
        self.outside_categories = [
            (c, w) for c, w in self.categories if c.agency.kind == AgencyKind.EXTERNAL
        ]
        self.questions = {c.pk: list(c.questions.all()) for c in categories}
        # Where a report outside the city's authority goes: the category's outside supporting body.
        self.referral = {
            c.pk: list(c.support_agencies.filter(kind=AgencyKind.EXTERNAL)) for c in categories
        }
        self.kelurahan = []
        for area in city.areas.filter(level=AreaLevel.KELURAHAN).exclude(geometry=""):
            geom = shape(area.geometry_json() or {})
            shapely.prepare(geom)
            self.kelurahan.append((area, geom))
        self.operators = self._users(Role.OPERATOR)
        self.handlers: dict[int, User] = {}
        memberships = Membership.objects.filter(
            jurisdiction=city, role__in=[Role.SUPERVISOR, Role.AREA_OFFICIAL]
        ).select_related("user", "area")
        for m in memberships.order_by("id"):
            if m.role == Role.SUPERVISOR and m.agency_id:
                self.handlers.setdefault(m.agency_id, m.user)
            elif m.area is not None:
                for office in m.area.offices.all():
                    self.handlers.setdefault(office.pk, m.user)
        self.area_offices = {
            a.area_id: a for a in city.agencies.filter(kind=AgencyKind.AREA, pk__in=self.handlers)
        }
        self.external = list(city.agencies.filter(kind=AgencyKind.EXTERNAL))
        self.crews = {c.agency_id: c for c in Crew.objects.filter(agency__jurisdiction=city)}

    def _users(self, role: str) -> list[User]:
        found = Membership.objects.filter(jurisdiction=self.city, role=role).select_related("user")
        return [m.user for m in found.order_by("id")]

    def _pick(self, pairs: list[tuple[Any, int]]) -> Any:
        return self.rnd.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]

    def _point(self) -> tuple[float, float, Area]:
        area, geom = self.rnd.choice(self.kelurahan)
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(200):
            lng, lat = self.rnd.uniform(minx, maxx), self.rnd.uniform(miny, maxy)
            if geom.contains(shapely.Point(lng, lat)):
                return lat, lng, area
        centre = geom.representative_point()
        return centre.y, centre.x, area

    # --- planning ---------------------------------------------------------------------------------

    def plan(self, count: int) -> list[Plan]:
        """Every report's fate; at least one of each status once there are nine reports."""
        outcomes = [s for s, _ in OUTCOMES][: min(count, len(OUTCOMES))]
        outcomes += [self._pick(OUTCOMES) for _ in range(count - len(outcomes))]
        self.rnd.shuffle(outcomes)
        # Duplicates last, so that the reports they repeat are planned already.
        order = sorted(range(count), key=lambda i: outcomes[i] == Status.DUPLICATE)
        plans: list[Plan] = []
        for number in order:
            plans.append(self._plan_one(number, outcomes[number], plans))
        return plans

    def _plan_one(self, number: int, outcome: str, earlier: list[Plan]) -> Plan:
        # A report that stays routed can take a duplicate at any later moment.
        originals = [
            p for p in earlier if p.outcome in ROUTED and p.created < self.now - timedelta(hours=6)
        ]
        if outcome == Status.DUPLICATE and not originals:
            outcome = Status.REJECTED
        pool = self.categories
        if outcome in ROUTED_OR_FINISHED:
            pool = self.city_categories
        elif outcome == Status.REFERRED and self.rnd.random() < 0.6:
            pool = self.outside_categories or pool
        category = self._pick(pool)
        lat, lng, kelurahan = self._point()
        created = self._created(outcome)
        plan = Plan(number, outcome, category, lat, lng, kelurahan, created)
        if outcome == Status.DUPLICATE:
            original = self.rnd.choice(originals)
            plan.original = original
            plan.category, plan.kelurahan = original.category, original.kelurahan
            plan.lat = original.lat + self.rnd.uniform(-0.0004, 0.0004)
            plan.lng = original.lng + self.rnd.uniform(-0.0004, 0.0004)
            gap = min(self.now - original.created - timedelta(hours=3), timedelta(days=4))
            plan.created = original.created + timedelta(
                minutes=self.rnd.randrange(60, max(61, int(gap.total_seconds() // 60)))
            )
        elif category.agency.kind == AgencyKind.EXTERNAL and outcome not in (
            Status.NEW,
            Status.REJECTED,
        ):
            plan.outcome = Status.REFERRED
        self._schedule(plan)
        return plan

    def _created(self, outcome: str) -> datetime:
        """When the report came in: the unfinished ones recently, the rest over 60 days."""
        recent: dict[str, int] = {
            Status.NEW: 2,
            Status.VERIFIED: 3,
            Status.DISPATCHED: 10,
            Status.IN_PROGRESS: 14,
            # Done but not yet confirmed: inside the citizen's confirmation window.
            Status.DONE: min(6, self.city.confirm_days - 1),
        }
        days = recent.get(outcome, DAYS)
        return self.now - timedelta(minutes=self.rnd.randrange(30, days * 24 * 60))

    def _schedule(self, plan: Plan) -> None:
        """The moments of each step after creation, shifted back if they would pass now."""
        fast = 0.15 if plan.category.emergency else 1.0
        gaps: list[tuple[float, float, Callable[[Plan, datetime], object]]] = []
        outcome = plan.outcome
        if outcome == Status.REJECTED:
            gaps.append((10, 240, self._reject))
        elif outcome == Status.DUPLICATE:
            gaps.append((15, 180, self._merge))
        elif outcome == Status.REFERRED:
            gaps.append((20, 300, self._refer))
        elif outcome != Status.NEW:
            plan.agency = self._route(plan)
            steps = [
                (10, 240, self._verify),
                (30, 720, self._dispatch),
                (60, 1440, self._start),
                (120, 4 * 1440, self._complete),
                (60, 3 * 1440, self._confirm),
                (1, 120, self._rate),
            ]
            # One step per status, in lifecycle order: verify, dispatch, start, complete, confirm.
            gaps.extend(steps[: ROUTED_OR_FINISHED.index(outcome) + 1])
            if outcome == Status.CLOSED and self.rnd.random() < 0.7:
                gaps.append(steps[-1])
        moment = plan.created
        for low, high, step in gaps:
            moment += timedelta(minutes=self.rnd.uniform(low, high) * fast)
            plan.steps.append((moment, step))
        latest = self.now - MINUTE
        if plan.steps and plan.steps[-1][0] > latest:
            shift = plan.steps[-1][0] - latest
            if plan.original is not None:  # a duplicate: squeeze, never before its original
                shift = min(shift, plan.created - plan.original.created - MINUTE)
            plan.created -= shift
            plan.steps = [(m - shift, s) for m, s in plan.steps]
            plan.steps = [(min(m, latest), s) for m, s in plan.steps]

    def _route(self, plan: Plan) -> Agency:
        """The category's agency, or now and then the area office, for small local jobs."""
        if plan.category.group in ("Infrastruktur", "Lingkungan", "Ketertiban"):
            for area_id in (plan.kelurahan.pk, plan.kelurahan.parent_id):
                office = self.area_offices.get(area_id or 0)
                if office and self.rnd.random() < 0.5:
                    return office
        return plan.category.agency

    # --- the steps, each one action ----------------------------------------------------------------

    def _operator(self) -> User:
        return self.rnd.choice(self.operators)

    def _handler(self, plan: Plan) -> User:
        assert plan.agency is not None
        return self.handlers[plan.agency.pk]

    def _create(self, plan: Plan, moment: datetime) -> None:
        category = plan.category
        place = f"{self.rnd.choice(PLACES)} {self.rnd.choice(STREETS)}"
        text = self.rnd.choice(TEXTS.get(category.code, GENERIC)).format(place=place)
        if self.rnd.random() < 0.35:
            first = text.split(" ", 1)[0]
            if not first[1:2].isupper():  # "PKL" and "KTP-el" keep their capitals
                text = text[0].lower() + text[1:]
            text = self.rnd.choice(OPENERS) + text
        contact = None
        if self.rnd.random() < 0.85:
            contact = actions.ContactInput(
                name=self.rnd.choice(NAMES),
                phone=f"08{self.rnd.randrange(11, 99)}{self.rnd.randrange(10**7, 10**8)}",
            )
        new = actions.NewReport(
            category=category,
            description=text,
            lat=plan.lat,
            lng=plan.lng,
            channel=self._pick(CHANNELS),
            address=place,
            answers=self._answers(category, moment),
            contact=contact,
            anonymous=self.rnd.random() < 0.15,
            photos=[plan.photo.result()] if plan.photo else [],
        )
        plan.report = actions.create_report(new, now=moment)

    def _answers(self, category: Category, moment: datetime) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for question in self.questions[category.pk]:
            if not question.required and self.rnd.random() < 0.4:
                continue
            if question.datatype == Datatype.SINGLEVALUELIST:
                answers[question.code] = self.rnd.choice(question.values)["key"]
            elif question.datatype == Datatype.MULTIVALUELIST:
                keys = [v["key"] for v in question.values]
                answers[question.code] = self.rnd.sample(keys, self.rnd.randrange(1, len(keys) + 1))
            elif question.datatype == Datatype.NUMBER:
                answers[question.code] = float(self.rnd.randrange(10, 90, 5))
            elif question.datatype == Datatype.DATETIME:
                since = moment - timedelta(days=self.rnd.randrange(1, 5))
                answers[question.code] = timezone.localtime(since, self.city.tz).isoformat()
            else:
                answers[question.code] = f"PJU-{self.rnd.randrange(100, 9999):04d}"
        return answers

    def _reject(self, plan: Plan, now: datetime) -> None:
        actions.reject_report(
            self._report(plan),
            by=self._operator(),
            reason=self.rnd.choice(REJECT_REASONS),
            now=now,
        )

    def _merge(self, plan: Plan, now: datetime) -> None:
        assert plan.original is not None
        into = self._report(plan.original)
        into.refresh_from_db()
        actions.merge_duplicate(self._report(plan), into=into, by=self._operator(), now=now)

    def _refer(self, plan: Plan, now: datetime) -> None:
        to = plan.category.agency
        if to.kind != AgencyKind.EXTERNAL:
            to = self.rnd.choice(self.referral[plan.category.pk] or self.external)
        actions.refer_report(self._report(plan), by=self._operator(), to=to, now=now)

    def _verify(self, plan: Plan, now: datetime) -> None:
        actions.verify_report(self._report(plan), by=self._operator(), agency=plan.agency, now=now)

    def _dispatch(self, plan: Plan, now: datetime) -> None:
        assert plan.agency is not None
        crew = self.crews.get(plan.agency.pk)
        field_actions.accept_job(self._report(plan), by=self._handler(plan), crew=crew, now=now)

    def _start(self, plan: Plan, now: datetime) -> None:
        actions.start_job(self._report(plan), by=self._handler(plan), now=now)

    def _complete(self, plan: Plan, now: datetime) -> None:
        report = self._report(plan)
        proof = (
            plan.proof.result()
            if plan.proof
            else scene(plan.category.code, plan.number, after=True)
        )
        note = self.rnd.choice(
            [
                "Sudah ditangani petugas.",
                "Pekerjaan selesai, terima kasih atas laporannya.",
                "Sudah diperbaiki oleh tim lapangan.",
            ]
        )
        # A drawn "after" scene can, by chance, look too much like the "before" one for the proof
        # check (as a real re-shot photo would be refused): draw another, as a crew would re-shoot.
        for attempt in range(1, 6):
            try:
                actions.finish_job(
                    report, by=self._handler(plan), proof=[proof], note=note, now=now
                )
                return
            except InvalidInput:
                proof = scene(plan.category.code, plan.number + 100_000 * attempt, after=True)
        raise InvalidInput(f"no acceptable proof photo drawn for {report.code}")

    def _confirm(self, plan: Plan, now: datetime) -> None:
        report = self._report(plan)
        actions.confirm_fix(report, secret=report.secret, now=now)

    def _rate(self, plan: Plan, now: datetime) -> None:
        report = self._report(plan)
        stars = self._pick([(5, 6), (4, 5), (3, 2), (2, 1), (1, 1)])
        actions.rate_service(
            report,
            secret=report.secret,
            stars=stars,
            comment=self.rnd.choice(RATING_COMMENTS),
            now=now,
        )

    @staticmethod
    def _report(plan: Plan) -> Report:
        assert plan.report is not None
        return plan.report

    # --- running ---------------------------------------------------------------------------------

    def create(self, count: int) -> int:
        """Plan `count` reports and play every step of every report in time order."""
        plans = self.plan(count)
        timeline: list[tuple[datetime, int, int, Callable[[Plan, datetime], object], Plan]] = []
        for plan in plans:
            timeline.append((plan.created, plan.number, 0, self._create, plan))
            for n, (moment, step) in enumerate(plan.steps, start=1):
                timeline.append((moment, plan.number, n, step, plan))
        timeline.sort(key=lambda row: row[:3])
        # Drawing and encoding photos is most of the work, and Pillow releases the GIL while it
        # encodes: worker threads draw the pictures, in the order they are needed, while this
        # thread runs the actions.
        with ThreadPoolExecutor(max_workers=2) as pool:
            for _moment, _number, _n, step, plan in timeline:
                if step == self._create and self.rnd.random() < 0.9:
                    plan.photo = pool.submit(scene, plan.category.code, plan.number)
                elif step == self._complete:
                    plan.proof = pool.submit(scene, plan.category.code, plan.number, after=True)
            # Each action is told the moment it happens at, so the history spans 60 days.
            for moment, _number, _n, step, plan in timeline:
                step(plan, moment)
        return len(plans)
