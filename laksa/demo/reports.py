"""Demo reports: realistic complaints over the last 60 days, moved through the real actions, so
that every report has a true history. Each action runs "at" a past moment (see `at`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import shapely
from django.contrib.auth.models import User
from django.utils import timezone
from shapely.geometry import shape

from laksa.demo.photos import scene
from laksa.org.models import Agency, AgencyKind, AreaLevel, Jurisdiction, Membership, Role
from laksa.reports import actions
from laksa.reports.errors import ActionError
from laksa.reports.models import Channel, Report
from laksa.reports.statuses import OPEN_STATUSES, Status

# Where each demo report ends up, in rough proportion to a working service.
OUTCOMES = [
    (Status.NEW, 14),
    (Status.VERIFIED, 9),
    (Status.DISPATCHED, 11),
    (Status.IN_PROGRESS, 11),
    (Status.DONE, 12),
    (Status.CLOSED, 29),
    (Status.REJECTED, 5),
    (Status.DUPLICATE, 5),
    (Status.REFERRED, 4),
]
CHANNELS = [
    (Channel.WEB, 30),
    (Channel.APP, 20),
    (Channel.WHATSAPP, 20),
    (Channel.PHONE, 10),
    (Channel.X, 7),
    (Channel.INSTAGRAM, 6),
    (Channel.SMS, 5),
    (Channel.GUESTBOOK, 2),
]
PLACES = [
    "depan SDN",
    "dekat pasar",
    "samping masjid",
    "depan Indomaret",
    "ujung gang",
    "dekat halte",
    "seberang puskesmas",
    "dekat jembatan",
    "depan kantor kelurahan",
    "pertigaan",
]
STREETS = [
    "Jl. Sudirman",
    "Jl. MH Thamrin",
    "Jl. Daan Mogot",
    "Jl. KH Hasyim Ashari",
    "Jl. Perintis Kemerdekaan",
    "Jl. Imam Bonjol",
    "Jl. Gatot Subroto",
    "Jl. Teuku Umar",
    "Jl. Otto Iskandar Dinata",
    "Jl. Benteng Betawi",
]
TEXTS: dict[str, list[str]] = {
    "INF-JLN": [
        "Jalan berlubang cukup dalam {place}, sudah beberapa motor jatuh.",
        "Aspal rusak parah dan tergenang saat hujan {place}.",
        "Lubang besar di tengah jalan {place}, mohon segera ditambal.",
    ],
    "INF-DRN": [
        "Saluran air tersumbat sampah {place}, air meluap ke jalan.",
        "Gorong-gorong mampet {place}, bau dan banyak nyamuk.",
    ],
    "BCN-BJR": [
        "Banjir setinggi lutut {place} sejak pagi, warga tidak bisa keluar.",
        "Genangan air tidak surut sudah dua hari {place}.",
    ],
    "PJU-MTI": [
        "Lampu PJU mati sudah seminggu {place}, jalan gelap rawan begal.",
        "Lampu jalan berkedip-kedip lalu padam {place}.",
    ],
    "LH-SMP": [
        "Sampah menumpuk di TPS {place}, belum diangkut tiga hari.",
        "Tumpukan sampah meluber ke jalan {place}, bau menyengat.",
    ],
    "LH-BKR": ["Ada yang membakar sampah setiap malam {place}, asapnya masuk rumah."],
    "PHN-TBG": [
        "Pohon tumbang menutup setengah jalan {place}.",
        "Dahan besar patah dan menimpa kabel {place}.",
    ],
    "TRB-PKL": ["PKL berjualan di trotoar {place}, pejalan kaki terpaksa turun ke jalan."],
    "PKR-LIR": ["Parkir liar di bahu jalan {place} bikin macet setiap sore."],
    "LLN-RMB": ["Lampu lalu lintas mati {place}, kendaraan saling serobot."],
    "ADK-KTP": ["Sudah tiga bulan KTP-el belum jadi, mohon kejelasan."],
}
GENERIC = ["Mohon ditindaklanjuti, masalah ini {place} sudah lama dibiarkan."]
NAMES = [
    "Budi Santoso",
    "Siti Aminah",
    "Agus Setiawan",
    "Dewi Lestari",
    "Rudi Hartono",
    "Nur Aini",
    "Joko Widodo",
    "Rina Marlina",
    "Ahmad Fauzi",
    "Sri Wahyuni",
    "Hendra Gunawan",
    "Yuli Astuti",
]
REJECT_REASONS = [
    "Bukan pengaduan: iklan.",
    "Informasi kurang: lokasi dan foto tidak jelas.",
    "Laporan ganda dari pelapor yang sama.",
]


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Let an action run as if it were `moment`, so the demo's history spans 60 days."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class DemoReports:
    def __init__(self, city: Jurisdiction, seed: int = 2611) -> None:
        self.city = city
        self.rnd = random.Random(seed)
        self.now = timezone.now()
        self.categories = list(city.categories.select_related("agency").filter(active=True))
        self.kelurahan = [
            (a, shape(a.geometry_json() or {}))
            for a in city.areas.filter(level=AreaLevel.KELURAHAN).exclude(geometry="")
        ]
        for _area, geom in self.kelurahan:
            shapely.prepare(geom)
        self.operators = self._users(Role.OPERATOR)
        self.handlers: dict[int, list[User]] = {}
        for m in Membership.objects.filter(
            jurisdiction=city, role__in=[Role.SUPERVISOR, Role.AREA_OFFICIAL]
        ).select_related("user", "area"):
            if m.agency_id:
                self.handlers.setdefault(m.agency_id, []).append(m.user)
        self.area_office = {a.area_id: a for a in city.agencies.filter(kind=AgencyKind.AREA)}
        self.external = list(city.agencies.filter(kind=AgencyKind.EXTERNAL))
        self.proof_seed = 50_000

    def _users(self, role: str) -> list[User]:
        return [m.user for m in Membership.objects.filter(jurisdiction=self.city, role=role)]

    def _weighted(self, pairs: list[tuple[Any, int]]) -> Any:
        return self.rnd.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]

    def _point(self) -> tuple[float, float]:
        _area, geom = self.rnd.choice(self.kelurahan)
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(200):
            lng, lat = self.rnd.uniform(minx, maxx), self.rnd.uniform(miny, maxy)
            if geom.contains(shapely.Point(lng, lat)):
                return lat, lng
        centre = geom.representative_point()
        return centre.y, centre.x

    def _handler(self, agency: Agency) -> User:
        """A supervisor of the agency; for agencies with no demo account, a new one is made."""
        users = self.handlers.get(agency.pk)
        if not users:
            username = f"pengawas_{agency.code.lower().replace('.', '_')}"[:150]
            user, _ = User.objects.get_or_create(username=username)
            Membership.objects.get_or_create(
                user=user, jurisdiction=self.city, role=Role.SUPERVISOR, agency=agency
            )
            users = self.handlers[agency.pk] = [user]
        return users[0]

    def create(self, count: int) -> int:
        made = 0
        for i in range(count):
            outcome = self._weighted(OUTCOMES)
            created = self.now - timedelta(minutes=self.rnd.randrange(60, 60 * 24 * 60))
            if outcome in (Status.NEW, Status.VERIFIED):
                created = self.now - timedelta(minutes=self.rnd.randrange(10, 60 * 24 * 3))
            try:
                self._one(i, outcome, created)
                made += 1
            except ActionError:
                continue
        return made

    def _one(self, i: int, outcome: str, created: datetime) -> Report:
        category = self.rnd.choice(self.categories)
        lat, lng = self._point()
        original = None
        if outcome == Status.DUPLICATE:
            original = (
                Report.objects.filter(jurisdiction=self.city, status__in=OPEN_STATUSES)
                .exclude(status=Status.NEW)
                .order_by("?")
                .first()
            )
            if original:
                category, lat, lng = original.category, original.lat + 0.0003, original.lng - 0.0002
                created = min(
                    max(created, original.created_at + timedelta(hours=2)),
                    self.now - timedelta(minutes=30),
                )
        place = f"{self.rnd.choice(PLACES)} {self.rnd.choice(STREETS)}"
        text = self.rnd.choice(TEXTS.get(category.code, GENERIC)).format(place=place)
        anonymous = self.rnd.random() < 0.2
        contact = None
        if self.rnd.random() < 0.8:
            contact = actions.ContactInput(
                name=self.rnd.choice(NAMES),
                phone=f"08{self.rnd.randrange(11, 99)}{self.rnd.randrange(10**7, 10**8)}",
            )
        answers: dict[str, Any] = {}
        for question in category.questions.all():
            if question.values:
                answers[question.code] = question.values[0]["key"]
            elif question.datatype == "number":
                answers[question.code] = self.rnd.randrange(10, 80)
        new = actions.NewReport(
            category=category,
            description=text,
            lat=lat,
            lng=lng,
            channel=self._weighted(CHANNELS),
            address=place,
            answers=answers,
            contact=contact,
            anonymous=anonymous,
            photos=[scene(category.group, i)],
            idempotency_key=f"demo-{i}",
        )
        report = actions.create_report(new, now=created)
        step = created
        operator = self.rnd.choice(self.operators)

        def later(minutes: int) -> datetime:
            nonlocal step
            step = min(
                step + timedelta(minutes=self.rnd.randrange(minutes // 2 + 1, minutes + 1)),
                self.now - timedelta(minutes=1),
            )
            return step

        if outcome == Status.NEW:
            return report
        if outcome == Status.REJECTED:
            with at(later(90)):
                actions.reject_report(report, by=operator, reason=self.rnd.choice(REJECT_REASONS))
            return report
        if outcome == Status.DUPLICATE and original:
            with at(later(60)):
                actions.merge_duplicate(report, into=original, by=operator)
            return report
        if outcome == Status.REFERRED and self.external:
            with at(later(120)):
                actions.refer_report(report, by=operator, to=self.rnd.choice(self.external))
            return report
        agency = category.agency
        if agency.kind == AgencyKind.EXTERNAL:
            with at(later(120)):
                actions.refer_report(report, by=operator, to=agency)
            return report
        if self.rnd.random() < 0.15 and report.kelurahan_id in self.area_office:
            agency = self.area_office[report.kelurahan_id]  # small local jobs go to the kelurahan
        with at(later(120)):
            actions.verify_report(report, by=operator, agency=agency)
        if outcome == Status.VERIFIED:
            return report
        handler = self._handler(agency)
        with at(later(600)):
            actions.dispatch_report(report, by=handler)
        if outcome == Status.DISPATCHED:
            return report
        with at(later(900)):
            actions.start_work(report, by=handler)
        if outcome == Status.IN_PROGRESS:
            return report
        self.proof_seed += 1
        with at(later(2000)):
            actions.complete_report(
                report,
                by=handler,
                proof=[scene(category.group, self.proof_seed, after=True)],
                note="Sudah ditangani petugas.",
            )
        if outcome == Status.DONE:
            return report
        with at(later(1500)):
            actions.confirm_fix(report, secret=report.secret)
        if self.rnd.random() < 0.7:
            with at(later(30)):
                actions.rate_service(
                    report,
                    secret=report.secret,
                    stars=self._weighted([(5, 5), (4, 4), (3, 2), (2, 1), (1, 1)]),
                    comment=self.rnd.choice(
                        ["Terima kasih, cepat.", "Mantap!", "Agak lama tapi beres.", ""]
                    ),
                )
        return report
