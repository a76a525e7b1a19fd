"""The city and who works for it: Jurisdiction, Area (kecamatan, kelurahan), Agency, Membership."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.lib import clock
from laksa.lib.working_time import WorkingCalendar, calendar_for


class Jurisdiction(models.Model):
    """A city running Laksa. Everything a city may change about its policy lives on this row."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=120)
    code_prefix = models.CharField(
        _("awalan kode laporan"), max_length=6, help_text=_("Mis. TNG untuk TNG-2611-00042.")
    )
    timezone = models.CharField(_("zona waktu"), max_length=64, default="Asia/Jakarta")
    open311_id = models.CharField(_("jurisdiction_id Open311"), max_length=120, blank=True)
    work_start = models.TimeField(_("jam kerja mulai"), default=time(8, 0))
    work_end = models.TimeField(_("jam kerja selesai"), default=time(18, 0))
    work_days = models.CharField(
        _("hari kerja"),
        max_length=20,
        default="0,1,2,3,4,5,6",
        help_text=_("Hari dalam seminggu, 0 = Senin."),
    )
    holiday_country = models.CharField(_("kalender libur"), max_length=8, default="ID")
    emergency_number = models.CharField(_("nomor darurat"), max_length=20, default="112")
    center_lat = models.FloatField(default=-6.1783)
    center_lng = models.FloatField(default=106.6319)
    default_zoom = models.PositiveSmallIntegerField(default=12)
    duplicate_radius_m = models.PositiveIntegerField(_("radius duplikat (m)"), default=150)
    proof_radius_m = models.PositiveIntegerField(
        _("radius foto bukti (m)"),
        default=200,
        help_text=_("Foto bukti yang lokasinya diketahui harus diambil sedekat ini dari laporan."),
    )
    duplicate_days = models.PositiveIntegerField(_("jendela duplikat (hari)"), default=30)
    confirm_days = models.PositiveIntegerField(
        _("jendela konfirmasi warga (hari)"),
        default=7,
        help_text=_(
            "Setelah selesai, warga dapat mengonfirmasi atau menyanggah selama sekian hari."
        ),
    )
    areas_approximate = models.BooleanField(
        _("batas wilayah perkiraan"),
        default=False,
        help_text=_("Benar bila batas dibuat dari titik pusat, bukan dari berkas batas resmi."),
    )

    class Meta:
        verbose_name = _("yurisdiksi")
        verbose_name_plural = pgettext_lazy("plural", "yurisdiksi")

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def calendar(self) -> WorkingCalendar:
        """Office hours, working days, national holidays and the city's own holidays, for service
        targets, escalation and the LIVE Room. Reads the city's holidays (one query) each time, so
        a holiday added in the admin counts at once."""
        days = [int(d) for d in self.work_days.split(",") if d.strip().isdigit()]
        own = self.holidays.values_list("date", flat=True) if self.pk else []
        return calendar_for(
            self.timezone, self.work_start, self.work_end, days, self.holiday_country, own
        )


class Holiday(models.Model):
    """A day off the national calendar does not know: a local holiday or a collective leave day
    (cuti bersama). No working time is counted on it."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        verbose_name = _("hari libur kota")
        verbose_name_plural = pgettext_lazy("plural", "hari libur kota")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "date"], name="holiday_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class AreaLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class Area(models.Model):
    """A kecamatan or kelurahan with its Kemendagri code and boundary (GeoJSON geometry, WGS84)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="areas")
    level = models.CharField(_("tingkat"), max_length=12, choices=AreaLevel.choices)
    code = models.CharField(_("kode Kemendagri"), max_length=20)
    bps_code = models.CharField(_("kode BPS"), max_length=12, blank=True)
    name = models.CharField(_("nama"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    centroid_lat = models.FloatField()
    centroid_lng = models.FloatField()
    geometry = models.TextField(_("batas (GeoJSON)"), blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = pgettext_lazy("plural", "wilayah")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="area_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"

    def geometry_json(self) -> dict[str, Any] | None:
        return json.loads(self.geometry) if self.geometry else None


class AgencyKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (OPD)")
    AREA = "area", _("Kantor kecamatan / kelurahan")
    EXTERNAL = "external", _("Instansi luar (rujukan)")


class Agency(models.Model):
    """Who handles a report: a city OPD, an area office, or an outside body reports are referred to."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="agencies"
    )
    code = models.CharField(_("kode"), max_length=40)
    abbreviation = models.CharField(_("singkatan"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind.choices)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="offices",
        help_text=_("Untuk kantor kecamatan atau kelurahan."),
    )
    note = models.TextField(_("catatan"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = pgettext_lazy("plural", "instansi")
        ordering = ["kind", "abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="agency_code_unique")
        ]

    def __str__(self) -> str:
        return self.abbreviation

    @property
    def is_external(self) -> bool:
        return self.kind == AgencyKind.EXTERNAL


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator LIVE Room")
    SUPERVISOR = "supervisor", _("Pengawas lapangan")
    WORKER = "worker", _("Petugas")
    AGENCY_HEAD = "agency_head", _("Kepala instansi")
    AREA_OFFICIAL = "area_official", _("Camat / lurah")
    EXECUTIVE = "executive", _("Wali kota / pimpinan")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """One role of a staff user, scoped to an agency or an area where the role needs it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("peran staf")
        verbose_name_plural = pgettext_lazy("plural", "peran staf")

    def __str__(self) -> str:
        scope = self.agency or self.area or self.jurisdiction
        return f"{self.user} · {self.get_role_display()} · {scope}"


class Application(models.Model):
    """An outside app the city lets in with an API key: an Open311 client, a FixMyStreet site, the
    city's own citizen app. Only a hash of the key is stored; the key is shown once, when made."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama aplikasi"), max_length=80)
    key_prefix = models.CharField(_("awal kunci"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    """sha256 of the key: a lost key is replaced, never recovered."""
    active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Matikan untuk mencabut kunci.")
    )
    requests_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=120)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("aplikasi (kunci API)")
        verbose_name_plural = pgettext_lazy("plural", "aplikasi (kunci API)")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="application_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def create_with_key(cls, jurisdiction: Jurisdiction, name: str) -> tuple[Application, str]:
        """A new application and its key, which is never stored and cannot be shown again."""
        key = secrets.token_urlsafe(30)
        app = cls.objects.create(
            jurisdiction=jurisdiction, name=name, key_prefix=key[:8], key_hash=cls.hash_key(key)
        )
        return app, key

    @classmethod
    def from_key(cls, key: str | None) -> Application | None:
        if not key or len(key) > 200:
            return None
        return cls.objects.filter(key_hash=cls.hash_key(key), active=True).first()


class ApiRequest(models.Model):
    """One request made with an application's key (refused ones included) or, on the API, a staff
    token: for the record and the rate limit (`org.keys`)."""

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("permintaan API")
        verbose_name_plural = pgettext_lazy("plural", "permintaan API")
        indexes = [models.Index(fields=["application", "at"], name="apirequest_app_time")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
