"""The light reads (laksa.catalog.published): every answer that changes only when an administrator
changes the catalog, and a city to show in them."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog import published
from laksa.catalog.models import Category

LIGHT_READS = [
    "/open311/v2/services.json",
    "/open311/v2/services.xml",
    "/open311/v2/services/INF-JLN.json",
    "/open311/v2/services/INF-JLN.xml",
    "/open311/v2/discovery.json",
    "/open311/v2/discovery.xml",
    "/api/v1/categories",
    "/peta/wilayah.json",
]
IN_ENGLISH = [path for path in LIGHT_READS if not path.startswith("/peta/")]
"""The ones whose text follows the language (the boundaries' names are the same in both)."""


@pytest.fixture
def catalog(pothole: Category, streetlight: Category, west: Any, east: Any) -> Category:
    """Two categories (the pothole with a question) and two kelurahan; returns the street light."""
    return streetlight


@pytest.fixture
def uncached(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Call to turn the cache off: every answer is then the view's own, as before it existed."""

    def turn_off() -> None:
        monkeypatch.setattr(published, "current", lambda: None)

    return turn_off
