"""Forms of the citizen site. They parse and validate; the actions decide and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from laksa.catalog.filters import offer_city_choices
from laksa.catalog.models import Category
from laksa.org.models import Area, Jurisdiction
from laksa.reports.statuses import StatusType


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Mengapa belum selesai?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan mengapa masalah belum selesai.")},
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Nilai layanan"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih nilai 1 sampai 5.")},
    )
    comment = forms.CharField(
        label=_("Komentar"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)
"""The days a filter may name: beyond them a day's bounds in the city's zone cannot even be
computed (9999-12-31 plus a day), and no report is there."""


def _local_date_field(label: Any) -> forms.DateField:
    message = _("Tanggal di luar rentang yang bisa dipakai.")
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[
            MinValueValidator(EARLIEST_DATE, message=message),
            MaxValueValidator(LATEST_DATE, message=message),
        ],
    )


class MapFilterForm(forms.Form):
    """Filters of the public map and its data endpoint; bad values are errors, not ignored."""

    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False)
    type = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("Semua status")),
            (StatusType.WAITING, StatusType.WAITING.label),
            (StatusType.IN_HAND, StatusType.IN_HAND.label),
            (StatusType.DONE, StatusType.DONE.label),
        ],
    )
    kecamatan = forms.ModelChoiceField(queryset=Area.objects.none(), required=False)
    date_from = _local_date_field(_("Dari tanggal"))
    date_to = _local_date_field(_("Sampai tanggal"))

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_city_choices(self, jurisdiction)
        self.fields["category"].label = _("Kategori")
        self.fields["kecamatan"].label = _("Kecamatan")
        self.fields["type"].label = _("Status")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir sebelum tanggal awal."))
        return data


class StatsFilterForm(forms.Form):
    date_from = _local_date_field(_("Dari tanggal"))
    date_to = _local_date_field(_("Sampai tanggal"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir sebelum tanggal awal."))
        return data
