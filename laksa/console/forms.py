"""Operator action forms. Each carries the report's `version`, so a stale page is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.catalog.models import Category
from laksa.org.models import Agency, AgencyKind
from laksa.org.selectors import external_agencies, routable_agencies
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


class AgencyChoiceField(forms.ChoiceField):
    """A choice among agencies read by an org selector; cleans to the Agency itself."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)
        self.agencies: dict[str, Agency] = {}

    def offer(self, groups: list[tuple[str, list[Agency]]]) -> None:
        self.agencies = {str(a.pk): a for _label, group in groups for a in group}
        self.choices = [
            (label, [(str(a.pk), f"{a.abbreviation} · {a.name}") for a in group])
            for label, group in groups
            if group
        ]

    def clean(self, value: Any) -> Agency | None:
        key = super().clean(value)
        return self.agencies.get(key) if key else None


class VerifyForm(VersionedForm):
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Kategori"))
    agency = AgencyChoiceField(label=_("Teruskan ke"))
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
        # The report's own kelurahan and kecamatan offices first, then the OPDs, then other offices.
        local_areas = {report.kelurahan_id, report.kecamatan_id} - {None}
        agencies = routable_agencies(city)
        local = sorted(
            (a for a in agencies if a.area_id in local_areas),
            key=lambda a: a.area_id != report.kelurahan_id,
        )
        self.agency_field.offer(
            [
                (str(_("Kantor wilayah laporan")), local),
                (
                    str(_("Perangkat daerah (OPD)")),
                    [a for a in agencies if a.kind == AgencyKind.OPD],
                ),
                (
                    str(_("Kantor wilayah lain")),
                    [a for a in agencies if a.kind == AgencyKind.AREA and a not in local],
                ),
            ]
        )

    @property
    def agency_field(self) -> AgencyChoiceField:
        field = self.fields["agency"]
        assert isinstance(field, AgencyChoiceField)
        return field


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
        # "Bukan pengaduan. Ini iklan toko." reads as one message to the citizen.
        parts = [str(p).strip() for p in (label, data.get("reason", "")) if str(p).strip()]
        text = ". ".join(parts)
        if not text:
            raise forms.ValidationError(_("Pilih atau tulis alasan penolakan."))
        data["full_reason"] = text
        return data


class MergeForm(VersionedForm):
    into = forms.CharField(
        label=_("Kode laporan asli"),
        max_length=24,
        widget=forms.TextInput(attrs={"list": "nearby-codes", "autocomplete": "off"}),
    )


class ReferForm(VersionedForm):
    to = AgencyChoiceField(label=_("Instansi tujuan"))
    note = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, AgencyChoiceField)
        field.offer([(str(_("Instansi luar")), external_agencies(report.jurisdiction))])
