"""Complaint KPIs counted per city day by an idempotent job (counting.py); the pages read only these.

One row is one day's figures for one combination of agency, category, kecamatan, kelurahan,
channel and public flag (the `detail` grain), or the same day rolled up to fewer dimensions
(`place`, `area`, `agency`, `city` grains; `category` and `channel` keep the agency with the
category or the channel), and the grains of MONTH_GRAINS again per calendar month (MonthlyCount),
so a page over three years sums a few thousand rows, not millions.
A rolled-up dimension is null in its rows; in `detail` rows a null means "none" (not routed, not placed).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.catalog.models import Category
from laksa.org.models import Agency, Area, Jurisdiction

BUCKET_EDGES_HOURS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 10, 20, 30, 50, 70, 100, 150, 200, 300)
"""Upper edges of the duration histograms, in (working) hours; the last bucket is open-ended.
Fixed for good: changing them needs `laksa kpi-count --rebuild`."""
BUCKETS = len(BUCKET_EDGES_HOURS) + 1


class Grain(models.TextChoices):
    DETAIL = "detail", _("rinci")
    PLACE = "place", _("instansi dan wilayah")
    AREA = "area", _("wilayah")
    AGENCY = "agency", _("instansi")
    CITY = "city", _("kota")
    CATEGORY = "category", _("instansi dan kategori")
    CHANNEL = "channel", _("instansi dan kanal")


MONTH_GRAINS: tuple[str, ...] = (Grain.PLACE, Grain.AREA, Grain.AGENCY, Grain.CITY)
"""The grains also kept per month (MonthlyCount)."""


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


FLOW_FIELDS: tuple[str, ...] = (
    "received",
    "verified",
    "dispatched",
    "done",
    "closed",
    "rejected",
    "referred",
    "duplicates",
    "disputes",
    "ratings",
    "rating_sum",
    "ratings_good",
    "respond_n",
    "respond_within",
    "resolve_n",
    "resolve_within",
)
NET_FIELDS: tuple[str, ...] = ("waiting_net", "in_hand_net", "done_net", "closed_net")
RESPOND_BUCKETS: tuple[str, ...] = tuple(f"respond_b{i}" for i in range(BUCKETS))
RESOLVE_BUCKETS: tuple[str, ...] = tuple(f"resolve_b{i}" for i in range(BUCKETS))
COUNT_FIELDS: tuple[str, ...] = FLOW_FIELDS + NET_FIELDS + RESPOND_BUCKETS + RESOLVE_BUCKETS
"""Every summable column, in the order counting.py fills them."""


def _n(label: Any) -> models.IntegerField[int, int]:
    return models.IntegerField(label, default=0)


class Counts(models.Model):
    """The dimensions and the summable figures shared by the day and the month rows."""

    # Derived rows, rewritten every minute: no database foreign-key checks on their insert (they
    # were most of a recount's writing time on PostgreSQL); deletes still cascade through Django.
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    grain = models.CharField(max_length=8, choices=Grain.choices)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    kecamatan = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    kelurahan = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    public = models.BooleanField(default=True)

    received = _n(_("laporan masuk"))
    verified = _n(_("diverifikasi"))
    dispatched = _n(_("ditanggapi instansi"))
    done = _n(_("diselesaikan"))
    closed = _n(_("ditutup"))
    rejected = _n(_("ditolak"))
    referred = _n(_("dirujuk"))
    duplicates = _n(_("duplikat"))
    disputes = _n(_("sanggahan"))
    ratings = _n(_("penilaian"))
    rating_sum = _n(_("jumlah nilai"))
    ratings_good = _n(_("penilaian 4-5"))
    respond_n = _n(_("tanggapan diukur"))
    respond_within = _n(_("tanggapan tepat waktu"))
    resolve_n = _n(_("penyelesaian diukur"))
    resolve_within = _n(_("penyelesaian tepat waktu"))
    # Changes of the number of reports in each status type that day: summed up to a day, the
    # number of reports in each type at its end.
    waiting_net = _n(_("perubahan menunggu"))
    in_hand_net = _n(_("perubahan ditangani"))
    done_net = _n(_("perubahan selesai"))
    closed_net = _n(_("perubahan ditutup"))
    # Time to respond (received to dispatched) and to resolve (received to done) in the city's
    # working time (calendar time for around-the-clock categories), per bucket of BUCKET_EDGES_HOURS.
    respond_b0 = _n("respond_b0")
    respond_b1 = _n("respond_b1")
    respond_b2 = _n("respond_b2")
    respond_b3 = _n("respond_b3")
    respond_b4 = _n("respond_b4")
    respond_b5 = _n("respond_b5")
    respond_b6 = _n("respond_b6")
    respond_b7 = _n("respond_b7")
    respond_b8 = _n("respond_b8")
    respond_b9 = _n("respond_b9")
    respond_b10 = _n("respond_b10")
    respond_b11 = _n("respond_b11")
    respond_b12 = _n("respond_b12")
    respond_b13 = _n("respond_b13")
    respond_b14 = _n("respond_b14")
    resolve_b0 = _n("resolve_b0")
    resolve_b1 = _n("resolve_b1")
    resolve_b2 = _n("resolve_b2")
    resolve_b3 = _n("resolve_b3")
    resolve_b4 = _n("resolve_b4")
    resolve_b5 = _n("resolve_b5")
    resolve_b6 = _n("resolve_b6")
    resolve_b7 = _n("resolve_b7")
    resolve_b8 = _n("resolve_b8")
    resolve_b9 = _n("resolve_b9")
    resolve_b10 = _n("resolve_b10")
    resolve_b11 = _n("resolve_b11")
    resolve_b12 = _n("resolve_b12")
    resolve_b13 = _n("resolve_b13")
    resolve_b14 = _n("resolve_b14")

    class Meta:
        abstract = True


class DailyCount(Counts):
    """Figures of one city day. Written only by counting.replace_days (delete and insert a day)."""

    day = models.DateField(_("hari"))
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    channel = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("angka harian")
        verbose_name_plural = pgettext_lazy("plural", "angka harian")
        # Every read is a grain over a range of days; an agency's or an area's page reads only
        # its own rows of them (at a million reports, a month of an agency's `place` rows is a
        # tenth of the city's). No index is led by the grain alone: SQLite (no statistics)
        # chose such an index and read the grain's every day.
        indexes = [
            models.Index(fields=["jurisdiction", "grain", "day"], name="kpi_grain_day"),
            models.Index(fields=["jurisdiction", "grain", "agency", "day"], name="kpi_agency_day"),
            models.Index(
                fields=["jurisdiction", "grain", "kecamatan", "day"], name="kpi_kecamatan_day"
            ),
            models.Index(
                fields=["jurisdiction", "grain", "kelurahan", "day"], name="kpi_kelurahan_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}:{self.grain}:{self.received}"


class MonthlyCount(Counts):
    """The days' rows of one calendar month summed, for the grains of MONTH_GRAINS (no category,
    no channel). Written by counting.replace_days with the days, in the same transaction, so a
    month's row is always the sum of its days' rows; long ranges, trends per month and the status
    of all reports read these instead of thirty rows a month."""

    month = models.DateField(_("bulan"))
    """The month's first day."""

    class Meta:
        verbose_name = _("angka bulanan")
        verbose_name_plural = pgettext_lazy("plural", "angka bulanan")
        indexes = [models.Index(fields=["jurisdiction", "grain", "month"], name="kpi_grain_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}:{self.grain}:{self.received}"


class Watermark(models.Model):
    """How far the counting job has read the event table: the highest event id it has counted."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tanda air penghitungan")
        verbose_name_plural = pgettext_lazy("plural", "tanda air penghitungan")

    def __str__(self) -> str:
        return f"{self.name}:{self.last_event_id}"
