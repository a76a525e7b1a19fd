"""The citizen's door on the web (/lapor/): the report form, read into intake's Inbound through
the shared report fields (forms.py), with at least one photo and whom to tell."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.intake.web.forms import ReportFields, clean_phone_number, with_page_messages
from laksa.lib.uploads import MultipleFileField, MultipleFileInput
from laksa.org.models import Jurisdiction
from laksa.reports.actions import ContactInput


class ReportForm(ReportFields):
    """The citizen's report: the shared report fields, at least one photo, and who to tell."""

    photos = MultipleFileField(
        label=_("Foto (1 sampai 5)"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        error_messages={"required": _("Lampirkan minimal satu foto.")},
    )
    name = forms.CharField(label=_("Nama"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Nomor telepon / WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Surel"), required=False)
    anonymous = forms.BooleanField(
        label=_("Kirim tanpa identitas (anonim)"),
        help_text=_(
            "Nama Anda tidak disimpan dan petugas tidak melihat kontak Anda; nomor atau surel "
            "hanya dipakai untuk mengabari perkembangan laporan."
        ),
        required=False,
    )

    field_order = [
        "form_token", "category", "description", "photos", "lat", "lng", "kelurahan", "address",
        "name", "phone", "email", "anonymous",
    ]  # fmt: skip

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, jurisdiction=jurisdiction, **kwargs)
        with_page_messages(self)

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])

    def contact(self) -> ContactInput:
        return ContactInput(
            name=self.cleaned_data["name"].strip(),
            phone=self.cleaned_data["phone"],
            email=self.cleaned_data["email"].strip(),
        )
