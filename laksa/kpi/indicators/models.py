"""The government's indicators per agency and fiscal year: budget lines and their monthly
realisation (keuangan), projects and their progress against the planned S-curve (fisik),
procurement packages by stage (pengadaan), the city's traffic-light thresholds, and the record
of every import that wrote them (reference: ../shared/reference/government-performance.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.lib import clock
from laksa.org.models import Agency, Jurisdiction


class ImportKind(models.TextChoices):
    BUDGET = "keuangan", _("Realisasi keuangan")
    PROGRESS = "fisik", _("Progres fisik")
    PROCUREMENT = "pengadaan", _("Paket pengadaan")


class ImportSource(models.TextChoices):
    FILE = "file", _("Berkas unggahan")
    API = "api", _("API")
    DEMO = "demo", _("Data contoh")


class Light(models.TextChoices):
    """A traffic light; `colour` is the CSS class the pages and exports use."""

    GREEN = "on_track", _("Sesuai target")
    YELLOW = "at_risk", _("Berisiko")
    RED = "behind", _("Tertinggal")
    NONE = "none", _("Belum ada data")

    @property
    def colour(self) -> str:
        return {"on_track": "green", "at_risk": "yellow", "behind": "red"}.get(self.value, "grey")


class ContractStatus(models.TextChoices):
    """A contract's state by the kontrak kritis rule (Permen PU 07/PRT/M/2011, Permen PUPR
    14/2020): normal (not behind), terlambat (behind, not kritis), kritis."""

    NORMAL = "normal", _("Normal")
    LATE = "terlambat", _("Terlambat")
    CRITICAL = "kritis", _("Kontrak kritis")
    NONE = "none", _("Belum ada laporan")

    @property
    def light(self) -> Light:
        return {
            "normal": Light.GREEN,
            "terlambat": Light.YELLOW,
            "kritis": Light.RED,
        }.get(self.value, Light.NONE)


class Stage(models.TextChoices):
    """A procurement package's stage; SPSE's own stage name is kept beside it (`spse_stage`),
    since those names vary by method and version."""

    PLANNED = "planned", _("Direncanakan (RUP)")
    ANNOUNCED = "announced", _("Diumumkan")
    TENDERED = "tendered", _("Proses pemilihan")
    CONTRACTED = "contracted", _("Berkontrak")
    FINISHED = "finished", _("Selesai")
    FAILED = "failed", _("Gagal / batal")


class Method(models.TextChoices):
    """Provider selection methods of Perpres 16/2018 as amended (46/2025), and swakelola."""

    E_PURCHASING = "e-purchasing", _("E-purchasing")
    DIRECT_PURCHASE = "pengadaan langsung", _("Pengadaan langsung")
    DIRECT_APPOINTMENT = "penunjukan langsung", _("Penunjukan langsung")
    QUICK_TENDER = "tender cepat", _("Tender cepat")
    TENDER = "tender", _("Tender")
    SELECTION = "seleksi", _("Seleksi")
    SELF_MANAGED = "swakelola", _("Swakelola")


class ProcurementType(models.TextChoices):
    GOODS = "barang", _("Barang")
    CONSTRUCTION = "pekerjaan konstruksi", _("Pekerjaan konstruksi")
    CONSULTANCY = "jasa konsultansi", _("Jasa konsultansi")
    OTHER_SERVICES = "jasa lainnya", _("Jasa lainnya")


class Reporter(models.TextChoices):
    PPK = "PPK", "PPK"
    PPTK = "PPTK", "PPTK"
    SUPERVISING_CONSULTANT = "konsultan pengawas", _("Konsultan pengawas")
    CONTRACTOR = "penyedia", _("Penyedia")


class Import(models.Model):
    """One import of one kind: who, when, from which file or system, and what it did. An import
    is all-or-nothing, so a row exists only for imports that wrote."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=12, choices=ImportKind.choices)
    source = models.CharField(_("sumber"), max_length=8, choices=ImportSource.choices)
    file_name = models.CharField(_("nama berkas / sistem"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    at = models.DateTimeField(_("waktu"), default=clock.now, db_index=True)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Diisi bila impor dibatasi untuk satu instansi."),
    )
    rows = models.PositiveIntegerField(_("baris"), default=0)
    created = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("berubah"), default=0)
    unchanged = models.PositiveIntegerField(_("tetap"), default=0)
    demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        verbose_name = _("impor indikator")
        verbose_name_plural = pgettext_lazy("plural", "impor indikator")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Baru")
    UPDATED = "updated", _("Berubah")
    UNCHANGED = "unchanged", _("Tetap")


class ImportChange(models.Model):
    """What one row of an import did: the record it touched and its values before and after
    (only the fields that changed)."""

    import_run = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="changes")
    row_number = models.PositiveIntegerField(_("baris"))
    action = models.CharField(_("tindakan"), max_length=10, choices=ChangeAction.choices)
    record = models.CharField(_("data"), max_length=200)
    before = models.JSONField(_("sebelum"), default=dict, blank=True)
    after = models.JSONField(_("sesudah"), default=dict, blank=True)

    class Meta:
        verbose_name = _("perubahan impor")
        verbose_name_plural = pgettext_lazy("plural", "perubahan impor")
        ordering = ["import_run", "row_number"]

    def __str__(self) -> str:
        return f"{self.row_number}: {self.record}"


class BudgetLine(models.Model):
    """One line of an agency's DPA for a fiscal year: a sub kegiatan (`U.BB.PP.K.KK.SSSS`),
    optionally down to a kode rekening, with its current pagu."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    sub_activity_code = models.CharField(_("kode sub kegiatan"), max_length=24)
    account_code = models.CharField(_("kode rekening"), max_length=32, blank=True)
    name = models.CharField(_("uraian"), max_length=300)
    funding_source = models.CharField(_("sumber dana"), max_length=60, blank=True)
    ceiling = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2)
    demo = models.BooleanField(_("data contoh"), default=False)
    last_import = models.ForeignKey(
        Import, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("baris anggaran")
        verbose_name_plural = pgettext_lazy("plural", "baris anggaran")
        ordering = ["agency", "year", "sub_activity_code", "account_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sub_activity_code", "account_code"],
                name="budget_line_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.sub_activity_code} {self.account_code}".strip()

    @property
    def programme_code(self) -> str:
        """`U.BB.PP` of the sub kegiatan code."""
        return ".".join(self.sub_activity_code.split(".")[:3])

    @property
    def activity_code(self) -> str:
        """`U.BB.PP.K.KK` of the sub kegiatan code."""
        return ".".join(self.sub_activity_code.split(".")[:5])


class BudgetMonth(models.Model):
    """A line's cumulative figures at the end of a month: the pagu in force then (APBD-P changes
    it mid-year), the cash plan (anggaran kas) and the realisation (SP2D) to date."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(_("bulan"))
    ceiling = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2)
    planned = models.DecimalField(
        _("rencana kas kumulatif"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    realised = models.DecimalField(_("realisasi kumulatif"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("realisasi bulanan")
        verbose_name_plural = pgettext_lazy("plural", "realisasi bulanan")
        ordering = ["line", "month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="budget_month_once")]

    def __str__(self) -> str:
        return f"{self.line} / {self.month}"


class Project(models.Model):
    """A development project under contract (a paket pekerjaan), known by its contract number."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="projects")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    code = models.CharField(_("nomor kontrak"), max_length=100)
    name = models.CharField(_("nama paket"), max_length=300)
    sub_activity_code = models.CharField(_("kode sub kegiatan"), max_length=24, blank=True)
    rup_code = models.CharField(_("kode RUP"), max_length=40, blank=True)
    tender_code = models.CharField(_("kode tender"), max_length=40, blank=True)
    contractor = models.CharField(_("penyedia"), max_length=200, blank=True)
    contract_value = models.DecimalField(_("nilai kontrak"), max_digits=18, decimal_places=2)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    demo = models.BooleanField(_("data contoh"), default=False)
    last_import = models.ForeignKey(
        Import, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("proyek")
        verbose_name_plural = pgettext_lazy("plural", "proyek")
        ordering = ["agency", "year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "code"], name="project_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None


class ProgressReport(models.Model):
    """The project's cumulative plan and, once reported, actual progress at the end of a period
    (week or month): the points of its S-curve. A future period carries the plan only."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    period_end = models.DateField(_("akhir periode"))
    planned_pct = models.DecimalField(
        _("rencana fisik kumulatif (%)"), max_digits=6, decimal_places=2
    )
    actual_pct = models.DecimalField(
        _("realisasi fisik kumulatif (%)"), null=True, blank=True, max_digits=6, decimal_places=2
    )
    financial = models.DecimalField(
        _("realisasi keuangan kumulatif"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    reporter = models.CharField(_("pelapor"), max_length=20, choices=Reporter.choices, blank=True)
    problems = models.TextField(_("kendala"), blank=True)

    class Meta:
        verbose_name = _("laporan progres")
        verbose_name_plural = pgettext_lazy("plural", "laporan progres")
        ordering = ["project", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_end"], name="progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period_end}"

    @property
    def deviation(self) -> Decimal | None:
        """Realisasi minus rencana, in percentage points."""
        return None if self.actual_pct is None else self.actual_pct - self.planned_pct


class ProcurementPackage(models.Model):
    """A procurement package of the RUP (SiRUP `kd_rup`) and where it stands."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="packages")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    rup_code = models.CharField(_("kode RUP"), max_length=40)
    name = models.CharField(_("nama paket"), max_length=300)
    method = models.CharField(_("metode pengadaan"), max_length=24, choices=Method.choices)
    procurement_type = models.CharField(
        _("jenis pengadaan"), max_length=24, choices=ProcurementType.choices, blank=True
    )
    ceiling = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2)
    hps = models.DecimalField(_("HPS"), null=True, blank=True, max_digits=18, decimal_places=2)
    contract_value = models.DecimalField(
        _("nilai kontrak"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    stage = models.CharField(_("tahap"), max_length=12, choices=Stage.choices)
    spse_stage = models.CharField(_("tahapan SPSE"), max_length=120, blank=True)
    tender_code = models.CharField(_("kode tender"), max_length=40, blank=True)
    selection_starts_on = models.DateField(_("awal pemilihan"), null=True, blank=True)
    announced_on = models.DateField(_("tanggal pengumuman"), null=True, blank=True)
    contracted_on = models.DateField(_("tanggal kontrak"), null=True, blank=True)
    finished_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    demo = models.BooleanField(_("data contoh"), default=False)
    last_import = models.ForeignKey(
        Import, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("paket pengadaan")
        verbose_name_plural = pgettext_lazy("plural", "paket pengadaan")
        ordering = ["agency", "year", "rup_code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "rup_code"], name="package_once")
        ]

    def __str__(self) -> str:
        return f"{self.rup_code} {self.name}"


class Thresholds(models.Model):
    """A city's traffic-light thresholds per indicator type; a city without a row uses the
    defaults (reference §1.6, §2.2). See `lights.py` for how each is applied."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.CASCADE, related_name="indicator_thresholds"
    )
    budget_green_pct = models.DecimalField(
        _("serapan: hijau mulai (persen dari rencana kas)"),
        default=Decimal(90),
        max_digits=6,
        decimal_places=2,
        help_text=_("Realisasi dibagi rencana kas sampai bulan itu."),
    )
    budget_yellow_pct = models.DecimalField(
        _("serapan: kuning mulai (persen dari rencana kas)"),
        default=Decimal(75),
        max_digits=6,
        decimal_places=2,
    )
    physical_boundary_pct = models.DecimalField(
        _("fisik: batas periode I/II (persen dari rencana)"),
        default=Decimal(70),
        max_digits=6,
        decimal_places=2,
    )
    physical_lag_early = models.DecimalField(
        _("fisik: kritis bila tertinggal lebih dari (poin, periode I)"),
        default=Decimal(10),
        max_digits=6,
        decimal_places=2,
    )
    physical_lag_late = models.DecimalField(
        _("fisik: kritis bila tertinggal lebih dari (poin, periode II)"),
        default=Decimal(5),
        max_digits=6,
        decimal_places=2,
    )
    physical_tolerance = models.DecimalField(
        _("fisik: toleransi hijau (poin)"),
        default=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Tertinggal sebanyak ini atau kurang masih dianggap normal."),
    )
    procurement_yellow_pct = models.DecimalField(
        _("pengadaan: kuning bila paket terlambat/gagal lebih dari (%)"),
        default=Decimal(10),
        max_digits=6,
        decimal_places=2,
    )
    procurement_red_pct = models.DecimalField(
        _("pengadaan: merah bila paket terlambat/gagal lebih dari (%)"),
        default=Decimal(25),
        max_digits=6,
        decimal_places=2,
    )

    class Meta:
        verbose_name = _("ambang indikator")
        verbose_name_plural = pgettext_lazy("plural", "ambang indikator")

    def __str__(self) -> str:
        return str(self.jurisdiction)

    @classmethod
    def for_city(cls, city: Jurisdiction) -> Thresholds:
        """The city's thresholds, or the defaults (unsaved) when it has set none."""
        found = cls.objects.filter(jurisdiction=city).first()
        return found or cls(jurisdiction=city)


BUDGET_BANDS: dict[int, tuple[int, int]] = {
    1: (1, 1),
    2: (1, 5),
    3: (3, 7),
    4: (5, 10),
    5: (7, 20),
    6: (10, 30),
    7: (20, 40),
    8: (30, 50),
    9: (40, 60),
    10: (50, 70),
    11: (60, 80),
    12: (70, 85),
}
"""Monthly absorption bands (% of pagu, lower-upper) of a public monitoring app (reference
§1.6): the plan when an agency has loaded no cash plan, its lower bound taken as the target."""

MONTH_NAMES = [
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
]
