"""The guest book (buku tamu): a short public form for what is not a street problem (a question,
a suggestion, thanks). Read into an Inbound on the "guestbook" channel, it goes through intake
like every other door and lands in the LIVE Room's queue under the city's catch-all category."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from laksa.intake.errors import Problem
from laksa.intake.inbound import Inbound
from laksa.intake.web.tokens import form_fingerprint
from laksa.lib.geo import valid_point
from laksa.lib.images import ProcessedImage
from laksa.lib.phone import normalise
from laksa.lib.uploads import process_uploads
from laksa.reports.actions import MAX_DESCRIPTION, ContactInput
from laksa.reports.models import Channel

HONEYPOT = "website"
"""A field people never see and bots fill in: a post with it filled stores nothing."""

FIELD_OF_PROBLEM = {
    "description": "message",
    "point": "address",
    "photos": "photo",
    "contact.email": "contact",
    "contact.phone": "contact",
}
"""Which form field an intake problem (errors.Problem.field) belongs to."""


class GuestBookForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Pesan Anda"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_DESCRIPTION}),
        error_messages={"required": _("Tuliskan pesan Anda.")},
    )
    name = forms.CharField(
        label=_("Nama"),
        max_length=120,
        required=False,
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Nomor telepon atau surel"),
        max_length=254,
        required=False,
        help_text=_(
            "Tidak wajib. Hanya petugas yang melihatnya; dipakai untuk mengabari tindak lanjut "
            "pesan Anda."
        ),
    )
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(label=_("Tempat atau alamat"), max_length=250, required=False)
    website = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.processed_photos: list[ProcessedImage] = []
        self.contact_phone = self.contact_email = ""

    def is_bot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT, "")).strip())

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if not value:
            return ""
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(_("Alamat surel ini tidak valid.")) from None
            self.contact_email = value
            return value
        phone = normalise(value)
        if not phone:
            raise ValidationError(_("Tulis nomor telepon (mis. 0812 3456 7890) atau alamat surel."))
        self.contact_phone = phone
        return value

    def clean_photo(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("photo")
        if upload:
            self.processed_photos = process_uploads([cast(UploadedFile, upload)])
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None) or (
            lat is not None and lng is not None and not valid_point(lat, lng)
        ):
            self.add_error("address", _("Titik di peta tidak valid; pilih lagi atau hapus."))
        return data

    def inbound(self) -> Inbound:
        data = self.cleaned_data
        contact = ContactInput(
            name=data["name"].strip(), phone=self.contact_phone, email=self.contact_email
        )
        return Inbound(
            channel=Channel.GUESTBOOK,
            text=data["message"],
            message_id=str(data["form_token"]),
            fingerprint=form_fingerprint(self),
            photos=tuple(self.processed_photos),
            lat=data.get("lat"),
            lng=data.get("lng"),
            address=data["address"].strip(),
            contact=None if contact.is_empty() else contact,
            public=False,  # a letter to the city, not a report for the public map
        )

    def add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add_error(FIELD_OF_PROBLEM.get(problem.field or ""), problem.message)
