"""The date range of a dashboard, in the city's days."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RangeForm(forms.Form):
    date_from = _date(_("Dari tanggal"))
    date_to = _date(_("Sampai tanggal"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir sebelum tanggal awal."))
        return data
