"""Categories are the Open311 services: what a citizen can report, who handles it, how fast."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from laksa.org.models import Agency, Jurisdiction


class TargetBasis(models.TextChoices):
    WORKING = "working", _("Waktu kerja (jam kerja dan hari libur)")
    CALENDAR = "calendar", _("Sepanjang waktu (24 jam)")


class Category(models.Model):
    """A kind of problem = an Open311 service, routed by default to one lead agency."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(_("kode"), max_length=20)
    group = models.CharField(_("kelompok"), max_length=60)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    keywords = models.CharField(_("kata kunci"), max_length=250, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="categories")
    support_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="supporting_categories",
        verbose_name=_("instansi pendukung"),
    )
    emergency = models.BooleanField(_("darurat"), default=False)
    public = models.BooleanField(
        _("tampil di peta publik"),
        default=True,
        help_text=_("Matikan untuk laporan sensitif, mis. perilaku petugas."),
    )
    respond_target = models.DurationField(_("target tanggapan"), default=timedelta(days=1))
    resolve_target = models.DurationField(_("target penyelesaian"), default=timedelta(days=7))
    target_basis = models.CharField(
        _("dasar hitungan"), max_length=10, choices=TargetBasis.choices, default=TargetBasis.WORKING
    )
    active = models.BooleanField(_("aktif"), default=True)
    catch_all = models.BooleanField(
        _("penampung pesan tanpa kategori"),
        default=False,
        help_text=_(
            "Pesan SMS, surel atau buku tamu yang kategorinya tidak dikenali masuk ke sini; "
            "operator LIVE Room memilihkan kategori yang tepat saat verifikasi."
        ),
    )
    photo_wanted = models.BooleanField(
        _("minta foto"),
        default=False,
        help_text=_(
            "Warga yang melapor lewat chat diminta mengirim foto sebelum laporannya dibuat "
            "(masalah yang terlihat di jalan). Laporan darurat tidak pernah menunggu foto."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = pgettext_lazy("plural", "kategori")
        ordering = ["group", "order", "name_id"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Datatype(models.TextChoices):
    """The Open311 attribute datatypes."""

    STRING = "string", _("Teks pendek")
    NUMBER = "number", _("Angka")
    DATETIME = "datetime", _("Tanggal dan jam")
    TEXT = "text", _("Teks panjang")
    SINGLEVALUELIST = "singlevaluelist", _("Pilih satu")
    MULTIVALUELIST = "multivaluelist", _("Pilih beberapa")


class Question(models.Model):
    """An extra question of a category = an Open311 attribute (`attribute[code]`)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("kode"), max_length=40)
    datatype = models.CharField(_("jenis"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("wajib"), default=False)
    prompt_id = models.CharField(_("pertanyaan (Indonesia)"), max_length=200)
    prompt_en = models.CharField(_("pertanyaan (Inggris)"), max_length=200)
    values = models.JSONField(
        _("pilihan"),
        default=list,
        blank=True,
        help_text=_(
            'Untuk daftar pilihan: [{"key": "kecil", "name_id": "Kecil", "name_en": "Small"}]'
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pertanyaan tambahan")
        verbose_name_plural = pgettext_lazy("plural", "pertanyaan tambahan")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def prompt(self) -> str:
        return self.prompt_en if (get_language() or "id").startswith("en") else self.prompt_id

    def choices(self) -> list[tuple[str, str]]:
        english = (get_language() or "id").startswith("en")
        return [(v["key"], v["name_en"] if english else v["name_id"]) for v in self.values]


class CatalogVersion(models.Model):
    """The one row saying which version of the published catalog is current: what the light reads
    (Open311's services, definitions and discovery, the API's categories, the map's boundaries)
    show. Every change an administrator makes to categories, questions, areas, agencies or the
    city gives it a new random token (laksa.catalog.published), and the answers are cached under
    that token, so every process sees a change at once."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    previous_at = models.DateTimeField(null=True)  # the version before this one's; None: first

    class Meta:
        verbose_name = _("versi katalog")
        verbose_name_plural = pgettext_lazy("plural", "versi katalog")

    def __str__(self) -> str:
        return self.token
