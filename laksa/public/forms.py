"""Forms of the citizen site. They parse and validate; the actions decide and write."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from laksa.catalog.answers import (
    QUESTION_PREFIX,
    answer_value,
    question_field,
    questions_of,
)
from laksa.catalog.models import Category
from laksa.lib.geo import valid_point
from laksa.lib.images import ProcessedImage
from laksa.lib.uploads import MultipleFileField, MultipleFileInput, process_uploads
from laksa.org.models import Area, AreaLevel, Jurisdiction
from laksa.reports.actions import MAX_DESCRIPTION, ContactInput
from laksa.reports.statuses import StatusType

POINT_ERRORS = {"invalid": _("Titik lokasi tidak valid; pilih lagi di peta.")}
PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{6,20}$")


def active_categories(jurisdiction: Jurisdiction) -> list[Category]:
    return list(
        Category.objects.filter(jurisdiction=jurisdiction, active=True).order_by(
            "group", "order", "name_id"
        )
    )


def grouped_category_choices(categories: Sequence[Category]) -> list[Any]:
    """Choices nested by Category.group so the select renders one <optgroup> per group."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in categories:
        groups.setdefault(category.group, []).append((str(category.pk), category.name))
    return [("", _("— Pilih kategori —")), *groups.items()]


CHECKED_TYPES = {"email", "number", "datetime-local"}
"""Inputs whose value the browser checks itself before sending (besides `required`)."""


def with_page_messages(form: forms.Form) -> forms.Form:
    """Gives each field's input the form's own messages for the checks the browser makes first
    (report_form.js shows them): the browser's bubble speaks the browser's language, not the page's."""
    for field in form.fields.values():
        attrs = field.widget.attrs
        if field.required:
            attrs["data-required-message"] = field.error_messages["required"]
        invalid = field.error_messages.get("invalid")
        if invalid is None and isinstance(field, forms.EmailField):
            invalid = validate_email.message
        if invalid is not None and getattr(field.widget, "input_type", "") in CHECKED_TYPES:
            attrs["data-invalid-message"] = invalid
    return form


class KelurahanField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{obj.name} ({parent})" if parent else obj.name


class ReportForm(forms.Form):
    """The citizen's report. `lat`/`lng` come from the map; `kelurahan` is the no-map fallback."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Kategori masalah"))
    description = forms.CharField(
        label=_("Uraian masalah"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION}),
        error_messages={"required": _("Tuliskan masalahnya.")},
    )
    photos = MultipleFileField(
        label=_("Foto (1 sampai 5)"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        error_messages={"required": _("Lampirkan minimal satu foto.")},
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, error_messages=POINT_ERRORS)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, error_messages=POINT_ERRORS)
    kelurahan = KelurahanField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Kelurahan"),
        empty_label=_("— Pilih kelurahan —"),
    )
    address = forms.CharField(label=_("Alamat atau patokan"), max_length=250, required=False)
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

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        self.categories = {str(c.pk): c for c in active_categories(jurisdiction)}
        category_field = cast(forms.ChoiceField, self.fields["category"])
        category_field.choices = grouped_category_choices(list(self.categories.values()))
        category_field.error_messages["required"] = _("Pilih kategori masalah.")
        category_field.error_messages["invalid_choice"] = _("Kategori tidak dikenal.")
        # Changing the category fetches its extra questions (htmx; without JS they come on submit).
        category_field.widget.attrs.update(
            {
                "hx-get": reverse("public:questions"),
                "hx-trigger": "change",
                "hx-target": "#questions",
            }
        )
        kelurahan_field = cast(forms.ModelChoiceField, self.fields["kelurahan"])
        kelurahan_field.queryset = (
            Area.objects.filter(jurisdiction=jurisdiction, level=AreaLevel.KELURAHAN)
            .select_related("parent")
            .order_by("name")
        )
        chosen = self.data.get("category") if self.is_bound else self.initial.get("category")
        self.chosen_category = self.categories.get(str(chosen or ""))
        self.questions = questions_of(self.chosen_category)
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question.code] = question_field(question)
        self.processed_photos: list[ProcessedImage] = []
        with_page_messages(self)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[QUESTION_PREFIX + q.code] for q in self.questions]

    def clean_category(self) -> Category:
        category = self.categories.get(self.cleaned_data["category"])
        if category is None:
            raise forms.ValidationError(_("Kategori tidak dikenal."))
        return category

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Nomor telepon hanya boleh berisi angka, spasi dan +."))
        return phone

    def clean_photos(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["photos"]
        self.processed_photos = process_uploads(files)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if "lat" in self.errors or "lng" in self.errors:
            return data
        if (lat is None) != (lng is None):
            self.add_error("lat", _("Titik lokasi tidak lengkap; pilih lagi di peta."))
        elif lat is not None and lng is not None:
            if not valid_point(lat, lng):
                self.add_error("lat", POINT_ERRORS["invalid"])
        elif data.get("kelurahan") is not None:
            area: Area = data["kelurahan"]
            data["lat"], data["lng"] = area.centroid_lat, area.centroid_lng
        elif "kelurahan" not in self.errors:
            self.add_error(
                "lat",
                _("Tentukan lokasi: ketuk peta, pakai lokasi Anda, atau pilih kelurahan."),
            )
        return data

    def answers(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(QUESTION_PREFIX + question.code)
            if value in (None, "", []):
                continue
            found[question.code] = answer_value(value)
        return found

    def contact(self) -> ContactInput:
        return ContactInput(
            name=self.cleaned_data["name"].strip(),
            phone=self.cleaned_data["phone"],
            email=self.cleaned_data["email"].strip(),
        )


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


def _local_date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        category = cast(forms.ModelChoiceField, self.fields["category"])
        category.queryset = Category.objects.filter(jurisdiction=jurisdiction).order_by(
            "group", "order", "name_id"
        )
        category.empty_label = _("Semua kategori")
        category.label = _("Kategori")
        kecamatan = cast(forms.ModelChoiceField, self.fields["kecamatan"])
        kecamatan.queryset = Area.objects.filter(
            jurisdiction=jurisdiction, level=AreaLevel.KECAMATAN
        ).order_by("name")
        kecamatan.empty_label = _("Semua kecamatan")
        kecamatan.label = _("Kecamatan")
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
