"""Operator action forms. Each carries the report's `version`, so a stale page is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.catalog.models import Category
from laksa.org.models import Agency, AgencyKind
from laksa.reports.models import Report

REJECT_REASONS = [
    ("", _("— pilih alasan —")),
    ("spam", _("Spam atau iklan")),
    ("not_complaint", _("Bukan pengaduan")),
    ("not_enough", _("Informasi kurang: lokasi atau foto tidak jelas")),
    ("already_done", _("Sudah ditangani sebelumnya")),
]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VerifyForm(VersionedForm):
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Kategori"))
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Teruskan ke"))
    public_note = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Catatan internal (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("category", report.category_id)
        initial.setdefault("agency", report.agency_id or report.category.agency_id)
        initial.setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        city = report.jurisdiction
        self.fields["category"].queryset = Category.objects.filter(jurisdiction=city, active=True)  # type: ignore[attr-defined]
        # The report's own kelurahan and kecamatan offices first, then the OPDs.
        local = [a for a in (report.kelurahan_id, report.kecamatan_id) if a]
        agencies = Agency.objects.filter(jurisdiction=city, active=True).exclude(
            kind=AgencyKind.EXTERNAL
        )
        agencies = agencies.filter(kind=AgencyKind.OPD) | agencies.filter(area_id__in=local)
        self.fields["agency"].queryset = agencies.order_by("-kind", "abbreviation")  # type: ignore[attr-defined]


class RejectForm(VersionedForm):
    template = forms.ChoiceField(label=_("Alasan"), choices=REJECT_REASONS, required=False)
    reason = forms.CharField(
        label=_("Penjelasan untuk pelapor"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        template = data.get("template") or ""
        label = dict(REJECT_REASONS).get(template, "") if template else ""
        text = " ".join(str(p) for p in (label, data.get("reason", "")) if p).strip()
        if not text:
            raise forms.ValidationError(_("Pilih atau tulis alasan penolakan."))
        data["full_reason"] = text
        return data


class MergeForm(VersionedForm):
    into = forms.CharField(label=_("Kode laporan asli"), max_length=24)


class ReferForm(VersionedForm):
    to = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Instansi tujuan"))
    note = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            jurisdiction=report.jurisdiction, kind=AgencyKind.EXTERNAL, active=True
        )
