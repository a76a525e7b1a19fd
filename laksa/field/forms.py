from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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

    def clean_proof(self) -> Any:
        files = self.cleaned_data["proof"]
        self.processed = process_uploads(files)
        return files
