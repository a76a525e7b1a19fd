"""The call centre's door: a report an operator takes down (a call, an SMS typed in, a visit or
letter, the guest book) read into intake's Inbound through the same report fields as the
citizen's form (intake/web/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.intake.web.forms import ReportFields, clean_phone_number
from laksa.lib.uploads import MultipleFileField, MultipleFileInput
from laksa.reports.actions import ContactInput
from laksa.reports.models import Channel

HOW_IT_CAME = [
    (Channel.PHONE, _("Telepon / call center")),
    (Channel.SMS, _("SMS (diketik operator)")),
    (Channel.WALK_IN, _("Datang langsung atau surat")),
    (Channel.GUESTBOOK, _("Buku tamu")),
]


class CallForm(ReportFields):
    """A report taken by an operator: by phone, an SMS typed in, a visit or letter, or the guest
    book. The category's questions are asked as on the citizen's form; a caller who cannot say
    where is still recorded, and the report waits in the queue to be placed."""

    how = forms.ChoiceField(
        label=_("Laporan datang lewat"), choices=HOW_IT_CAME, initial=Channel.PHONE
    )
    phone = forms.CharField(
        label=_("Nomor telepon pelapor"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Nama pelapor (opsional)"), max_length=120, required=False)
    photos = MultipleFileField(
        label=_("Foto (opsional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )

    place_required = False
    field_order = ["form_token", "how", "phone", "name", "category", "description", "photos"]

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("how") in (Channel.PHONE, Channel.SMS) and not data.get("phone"):
            self.add_error("phone", _("Isi nomor telepon pelapor."))
        return data

    def contact(self) -> ContactInput:
        return ContactInput(
            name=self.cleaned_data["name"].strip(), phone=self.cleaned_data["phone"]
        )
