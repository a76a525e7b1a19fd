"""The report's fields as web forms ask them, shared by the citizen's form (/lapor/) and the
call centre's (/console/telepon/): category with its extra questions, description, photos, and
the place as a map pin or a kelurahan. Each form reads itself into an intake Inbound; intake
validates the rest, the same for every door."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from laksa.catalog.answers import QUESTION_PREFIX, answer_value, question_field, questions_of
from laksa.catalog.models import Category
from laksa.intake.errors import Problem
from laksa.intake.inbound import Inbound
from laksa.intake.web.tokens import form_fingerprint
from laksa.lib.geo import valid_point
from laksa.lib.images import ProcessedImage
from laksa.lib.uploads import process_uploads
from laksa.org.models import Area, AreaLevel, Jurisdiction
from laksa.reports.actions import MAX_DESCRIPTION, ContactInput

POINT_ERRORS = {"invalid": _("Titik lokasi tidak valid; pilih lagi di peta.")}
PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{6,20}$")
CHECKED_TYPES = {"email", "number", "datetime-local"}
"""Inputs whose value the browser checks itself before sending (besides `required`)."""


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


def clean_phone_number(value: str) -> str:
    phone = value.strip()
    if phone and not PHONE_RE.match(phone):
        raise forms.ValidationError(_("Nomor telepon hanya boleh berisi angka, spasi dan +."))
    return phone


class KelurahanField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{obj.name} ({parent})" if parent else obj.name


class CoordinateField(forms.FloatField):
    """A degree in ASCII digits (lib.geo.parse_coordinate): float() alone reads other scripts'
    digits as numbers."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ReportFields(forms.Form):
    """What every web form of a report asks. `lat`/`lng` come from the map; `kelurahan` is the
    no-map fallback (the report goes at its centre, marked for the LIVE Room)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Kategori masalah"))
    description = forms.CharField(
        label=_("Uraian masalah"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION}),
        error_messages={"required": _("Tuliskan masalahnya.")},
    )
    lat = CoordinateField(required=False, widget=forms.HiddenInput, error_messages=POINT_ERRORS)
    lng = CoordinateField(required=False, widget=forms.HiddenInput, error_messages=POINT_ERRORS)
    kelurahan = KelurahanField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Kelurahan"),
        empty_label=_("— Pilih kelurahan —"),
    )
    address = forms.CharField(label=_("Alamat atau patokan"), max_length=250, required=False)

    place_required = True
    """The citizen's form insists on a place; the call centre may take a caller who cannot say."""

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

    def question_fields(self) -> list[forms.BoundField]:
        return [self[QUESTION_PREFIX + q.code] for q in self.questions]

    def clean_category(self) -> Category:
        category = self.categories.get(self.cleaned_data["category"])
        if category is None:
            raise forms.ValidationError(_("Kategori tidak dikenal."))
        return category

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
        elif (
            data.get("kelurahan") is None and "kelurahan" not in self.errors and self.place_required
        ):
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

    def inbound(
        self, *, channel: str, contact: ContactInput | None, anonymous: bool = False
    ) -> Inbound:
        """The form as intake's one inbound shape; the form token is the idempotency key, and
        the whole form its fingerprint: the token gives its report back only to the same form."""
        data = self.cleaned_data
        return Inbound(
            channel=channel,
            text=data["description"],
            message_id=str(data["form_token"]),
            fingerprint=form_fingerprint(self),
            photos=self.processed_photos,
            lat=data.get("lat"),
            lng=data.get("lng"),
            area=data.get("kelurahan"),
            address=data["address"].strip(),
            category=data["category"],
            answers=self.answers(),
            contact=contact,
            anonymous=anonymous,
        )

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Intake's refusal shown on the form's own fields."""
        for problem in problems:
            name = {"point": "lat", "contact.email": "email"}.get(
                problem.field or "", problem.field
            )
            if name and name.startswith("answers."):
                name = QUESTION_PREFIX + name.removeprefix("answers.")
            self.add_error(name if name in self.fields else None, problem.message)
