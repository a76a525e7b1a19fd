"""What the report actions' privacy tests share: a sensitive category, hidden from the public."""

from __future__ import annotations

import pytest

from laksa.catalog.models import Category
from laksa.org.models import Agency, Jurisdiction


@pytest.fixture
def sensitive(city: Jurisdiction, agency_a: Agency) -> Category:
    return Category.objects.create(
        jurisdiction=city,
        code="PRL-PTG",
        group="Lainnya",
        name_id="Perilaku petugas",
        name_en="Officer conduct",
        agency=agency_a,
        public=False,
    )
