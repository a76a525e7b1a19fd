"""Reports, their photos, their history, and the reporter's private contact."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.catalog.models import Category
from laksa.lib import clock
from laksa.org.models import Agency, Application, Area, Jurisdiction
from laksa.reports.statuses import HEX, Status, colour, status_type


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    PHONE = "phone", _("Telepon / call center")
    SMS = "sms", "SMS"
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    EMAIL = "email", _("Surel")
    GUESTBOOK = "guestbook", _("Buku tamu")
    WALK_IN = "walkin", _("Datang langsung / surat")
    OPEN311 = "open311", "Open311"
    APP = "app", _("Aplikasi")


class ProofLocation(models.TextChoices):
    VERIFIED = "verified", _("terverifikasi")
    UNVERIFIED = "unverified", _("belum terverifikasi")
    ACCEPTED = "accepted", _("diterima LIVE Room")


class PlaceSource(models.TextChoices):
    """How the report's place is known. Only a point goes on the map; a report with an area only,
    or none, waits in the LIVE Room's queue for an operator to place it."""

    POINT = "point", _("titik peta")
    AREA = "area", _("wilayah dari alamat")
    NONE = "none", _("belum ada lokasi")


class Priority(models.IntegerChoices):
    NORMAL = 0, _("biasa")
    HIGH = 1, _("tinggi")
    URGENT = 2, _("mendesak")


class ReporterContact(models.Model):
    """Who reported, kept apart from the report so that no public query can reach it."""

    name = models.CharField(_("nama"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("kontak pelapor")
        verbose_name_plural = pgettext_lazy("plural", "kontak pelapor")

    def __str__(self) -> str:
        return self.name or self.phone or self.email or f"#{self.pk}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Report(models.Model):
    """A citizen's report of one problem at one place. Changed only through reports.actions."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="reports")
    code = models.CharField(_("kode"), max_length=24, unique=True)
    secret = models.CharField(max_length=40, unique=True, default=new_secret, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    description = models.TextField(_("uraian"))
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)
    address = models.CharField(_("alamat / patokan"), max_length=250, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    """Null until someone places the report: an SMS or an Open311 request with only an address."""
    h3_r9 = models.BigIntegerField(null=True, blank=True, db_index=False)
    place_source = models.CharField(
        _("sumber lokasi"), max_length=8, choices=PlaceSource.choices, default=PlaceSource.POINT
    )
    kelurahan = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kecamatan = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outside_area = models.BooleanField(
        _("di luar wilayah"),
        default=False,
        help_text=_("Titik di luar semua kelurahan: disimpan dan ditandai untuk dirujuk."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        db_index=False,  # report_agency_status leads with it
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("instansi penanggung jawab"),
    )
    referred_to = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, editable=False)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    """sha256 of the request that used the key, where the channel keeps one: only the same
    request gets this report back with the key."""
    retry_key = models.CharField(
        max_length=32, blank=True, default="", db_default="", editable=False
    )
    """What the sender sent, hashed as it came (reports.actions.retry_key): a request sent again
    without a key finds its first report by this (intake.retries)."""
    contact = models.ForeignKey(
        ReporterContact,
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("aplikasi pengirim"),
        help_text=_("Aplikasi luar (Open311, aplikasi warga) yang mengirim laporan ini."),
    )
    media_url = models.URLField(_("tautan media"), max_length=500, blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    public = models.BooleanField(_("publik"), default=True)
    support_count = models.PositiveIntegerField(_("dukungan"), default=0)
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.TextField(_("komentar penilaian"), blank=True)
    co_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="co_reports", verbose_name=_("instansi pendukung")
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritas"), choices=Priority.choices, default=Priority.NORMAL
    )
    respond_due_at = models.DateTimeField(_("batas tanggapan"), null=True, blank=True)
    resolve_due_at = models.DateTimeField(_("batas penyelesaian"), null=True, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True, db_index=True)
    """When the escalation sweep should look at this report next (dispatch/escalation.py):
    the respond due time at first, then the time the next level of the ladder falls due."""
    proof_location = models.CharField(
        _("lokasi bukti"),
        max_length=12,
        choices=ProofLocation.choices,
        blank=True,
        help_text=_("Kosong sampai selesai; 'belum terverifikasi' menunggu keputusan LIVE Room."),
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("dibuat"), db_index=True)
    updated_at = models.DateTimeField(_("diperbarui"))
    verified_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "laporan")
        verbose_name_plural = pgettext_lazy("plural", "laporan")
        indexes = [
            # The nearby-duplicate search: same cells, same category, recent.
            models.Index(fields=["h3_r9", "category", "created_at"], name="report_cell_cat_time"),
            models.Index(fields=["status", "created_at"], name="report_status_time"),
            models.Index(fields=["agency", "status"], name="report_agency_status"),
            models.Index(fields=["retry_key", "created_at"], name="report_retry_time"),
            # Links most reports never have: indexed only where set, so a new report (whose
            # insert SQLite's one writer waits for) writes no entry for them; a lookup by one
            # (`= x`, `IN (...)`) implies it is set and uses them.
            *(
                models.Index(
                    fields=[link], name=f"report_{link}", condition=Q(**{f"{link}__isnull": False})
                )
                for link in ("referred_to", "duplicate_of", "contact", "application")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "idempotency_key"], name="report_idempotency_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None

    @property
    def place_approximate(self) -> bool:
        """Put at the centre of the area its address named: the LIVE Room should place it."""
        return self.place_source == PlaceSource.AREA

    @property
    def needs_place(self) -> bool:
        """No point on the map yet: the LIVE Room places it (reports.actions.place_report)."""
        return not self.has_point

    @property
    def colour(self) -> str:
        return colour(self.status)

    @property
    def hex_colour(self) -> str:
        return HEX[self.colour]

    @property
    def status_type(self) -> str:
        return status_type(self.status)


class EventKind(models.TextChoices):
    CREATED = "created", _("Laporan masuk")
    STATUS = "status", _("Status berubah")
    ROUTED = "routed", _("Diteruskan ke instansi")
    NOTE = "note", _("Catatan")
    SUPPORT = "support", _("Dukungan warga")
    PHOTO = "photo", _("Foto ditambahkan")
    RATED = "rated", _("Penilaian warga")
    PRIORITY = "priority", _("Prioritas diubah")
    REPLY = "reply", _("Balasan untuk pelapor")
    COMMENT = "comment", _("Pembaruan dari aplikasi luar")
    ESCALATED = "escalated", _("Eskalasi: lewat batas waktu")
    PROOF = "proof", _("Pemeriksaan bukti")
    ASSIGNED = "assigned", _("Ditugaskan")
    PROGRESS = "progress", _("Kemajuan pekerjaan")
    REROUTE = "reroute", _("Minta dialihkan")
    PLACED = "placed", _("Lokasi ditentukan")
    VISIBILITY = "visibility", _("Visibilitas publik diubah")


class ReportEvent(models.Model):
    """One change of a report; the table is the report's history and the live stream's source."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes: a citizen's events have none
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=120, blank=True)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    public_note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["actor"], name="event_actor", condition=Q(actor__isnull=False))
        ]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = pgettext_lazy("plural", "riwayat laporan")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.kind}:{self.to_status}"


class TimeSource(models.TextChoices):
    """Where a proof photo's capture time came from, most trusted first."""

    EXIF = "exif", _("EXIF foto")
    DEVICE = "device", _("jam ponsel saat memotret")
    UPLOAD = "upload", _("waktu unggah")


class LocationSource(models.TextChoices):
    EXIF = "exif", _("GPS dalam foto")
    DEVICE = "device", _("lokasi ponsel saat memotret")
    NONE = "none", _("tidak diketahui")


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("Foto laporan")
    PROOF = "proof", _("Foto bukti selesai")
    PROGRESS = "progress", _("Foto progres")


def photo_path(instance: Photo, filename: str) -> str:
    return f"photos/{instance.uuid.hex[:2]}/{filename}"


class Photo(models.Model):
    """A photo as served: re-encoded without any metadata. Capture time and GPS stay private here."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=10, choices=PhotoKind.choices, default=PhotoKind.BEFORE)
    image = models.ImageField(upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    dhash = models.CharField(max_length=16)
    taken_at = models.DateTimeField(null=True, blank=True)
    gps_lat = models.FloatField(null=True, blank=True)
    gps_lng = models.FloatField(null=True, blank=True)
    time_source = models.CharField(
        _("sumber waktu"), max_length=8, choices=TimeSource.choices, blank=True
    )
    location_source = models.CharField(
        _("sumber lokasi"), max_length=8, choices=LocationSource.choices, blank=True
    )
    distance_m = models.FloatField(_("jarak ke laporan (m)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["id"]
        # reports/proof.py compares a new proof with the city's recent ones: exact copies by
        # sha256, near copies among the window's proof and progress photos.
        indexes = [
            models.Index(fields=["sha256"], name="photo_sha256"),
            models.Index(fields=["kind", "created_at"], name="photo_kind_created"),
        ]
        verbose_name = _("foto")
        verbose_name_plural = pgettext_lazy("plural", "foto")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.kind}:{self.uuid}"


class Support(models.Model):
    """A citizen adding their voice to an existing report instead of filing a duplicate."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    contact = models.ForeignKey(ReporterContact, null=True, blank=True, on_delete=models.SET_NULL)
    session_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("dukungan warga")
        verbose_name_plural = pgettext_lazy("plural", "dukungan warga")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.created_at:%Y-%m-%d}"


class CodeCounter(models.Model):
    """The last sequence number given per city and month, for readable codes like TNG-2611-00042."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE)
    period = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "period"], name="code_counter_unique")
        ]
        verbose_name = _("penghitung kode laporan")
        verbose_name_plural = pgettext_lazy("plural", "penghitung kode laporan")

    def __str__(self) -> str:
        return f"{self.period}:{self.last}"
