"""The choices of a city's report filters (the console's queue, the public map and statistics):
its categories, grouped as everywhere, and its kecamatan, each with an "all" first."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.catalog.models import Category
from laksa.org.models import Area, AreaLevel, Jurisdiction


def offer_city_choices(form: forms.Form, jurisdiction: Jurisdiction) -> None:
    """Fill the form's `category` and `kecamatan` fields (a ModelChoiceField each) for the city."""
    category = cast(forms.ModelChoiceField, form.fields["category"])
    category.queryset = Category.objects.filter(jurisdiction=jurisdiction).order_by(
        "group", "order", "name_id"
    )
    category.empty_label = _("Semua kategori")
    kecamatan = cast(forms.ModelChoiceField, form.fields["kecamatan"])
    kecamatan.queryset = Area.objects.filter(
        jurisdiction=jurisdiction, level=AreaLevel.KECAMATAN
    ).order_by("name")
    kecamatan.empty_label = _("Semua kecamatan")
