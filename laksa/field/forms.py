from __future__ import annotations

import json
import math
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from laksa.lib.geo import valid_point
from laksa.reports.proof import Capture
from laksa.reports.uploads import MultipleFileField, MultipleFileInput, process_uploads


class StepForm(forms.Form):
    """Accept or start: only the version, so a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(required=False, max_length=1000, label=_("Catatan (opsional)"))


class CompleteForm(StepForm):
    proof = MultipleFileField(
        label=_("Foto bukti selesai (1 sampai 5)"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        error_messages={"required": _("Unggah minimal satu foto bukti pekerjaan selesai.")},
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Apa yang dikerjakan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    capture = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4000)
    """What the phone knew when each photo was chosen: JSON [{"time", "lat", "lng"}], filled by
    field/capture.js. Only used where a photo carries no EXIF time or GPS of its own."""

    def clean_proof(self) -> Any:
        files = self.cleaned_data["proof"]
        self.processed = process_uploads(files)
        return files

    def clean_capture(self) -> list[Capture]:
        return parse_captures(self.cleaned_data.get("capture") or "")


def parse_captures(raw: str) -> list[Capture]:
    """Lenient: a phone without a clock fix or a location gives what it has; junk gives nothing."""
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    captures = []
    for item in items[:10] if isinstance(items, list) else []:
        if not isinstance(item, dict):
            captures.append(Capture())
            continue
        when = parse_datetime(str(item.get("time") or ""))
        lat, lng = _number(item.get("lat")), _number(item.get("lng"))
        if lat is None or lng is None or not valid_point(lat, lng):
            lat = lng = None
        captures.append(
            Capture(
                device_time=when if when and when.tzinfo else None, device_lat=lat, device_lng=lng
            )
        )
    return captures


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
