from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laksa.dispatch.models import Crew
from laksa.lib.uploads import MultipleFileField, MultipleFileInput, process_uploads
from laksa.reports.proof import Capture, captures_from_json


class FieldForm(forms.Form):
    """Every field action carries the page's version (so a stale page is refused) and the id the
    phone gave the action (so a re-send from the offline queue is done once). A queued action
    sent later drops the version: the queue keeps the order the crew took them in.

    `arguments()` gives the arguments of the form's verb in dispatch/verbs.py."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def arguments(self) -> dict[str, Any]:
        """By default a note and the page's version (start); the other forms say their own."""
        return {"note": self.cleaned_data["note"], "expected_version": self._version()}

    def _version(self) -> int | None:
        return self.cleaned_data.get("version")


class StepForm(FieldForm):
    note = forms.CharField(required=False, max_length=1000, label=_("Catatan (opsional)"))


class CrewForm(FieldForm):
    """Send a crew, with what they should know on site."""

    crew = forms.ModelChoiceField(queryset=Crew.objects.none(), label=_("Regu"), required=False)
    instructions = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Instruksi untuk regu"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, crews: QuerySet[Crew] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["crew"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = crews if crews is not None else Crew.objects.none()


class AcceptForm(CrewForm):
    note = forms.CharField(required=False, max_length=1000, label=_("Tanggapan untuk warga"))

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "crew": data["crew"],
            "instructions": data["instructions"],
            "note": data["note"],
            "expected_version": self._version(),
        }


class AssignForm(CrewForm):
    def clean_crew(self) -> Crew:
        crew = self.cleaned_data.get("crew")
        if crew is None:
            raise forms.ValidationError(_("Pilih regu."))
        return crew

    def arguments(self) -> dict[str, Any]:
        return {
            "crew": self.cleaned_data["crew"],
            "instructions": self.cleaned_data["instructions"],
        }


class RerouteForm(FieldForm):
    reason = forms.CharField(
        max_length=1000,
        label=_("Mengapa bukan pekerjaan instansi ini?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alasan pengalihan.")},
    )

    def arguments(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class ProgressForm(FieldForm):
    note = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Catatan kemajuan"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = MultipleFileField(
        label=_("Foto kemajuan (opsional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def clean_photos(self) -> Any:
        self.processed = process_uploads(self.cleaned_data["photos"])
        return self.cleaned_data["photos"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("note") and not cleaned.get("photos") and not self.errors:
            raise forms.ValidationError(_("Tulis catatan atau lampirkan foto."))
        return cleaned

    def arguments(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"], "photos": self.processed}


class CompleteForm(FieldForm):
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
    field/sigap.js. Only used where a photo carries no EXIF time or GPS of its own."""

    def clean_proof(self) -> Any:
        files = self.cleaned_data["proof"]
        self.processed = process_uploads(files)
        return files

    def clean_capture(self) -> list[Capture]:
        return captures_from_json(self.cleaned_data.get("capture") or "")

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "proof": self.processed,
            "note": data["note"],
            "captures": data["capture"],
            "expected_version": self._version(),
        }
