"""The citizen pages' own assets are found by the static finders, so whitenoise serves them."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.parametrize(
    "path",
    [
        "laksa/laksa.css",
        "laksa/report_form.js",
        "laksa/public_map.js",
        "laksa/icons/favicon.ico",
        "laksa/icons/icon.svg",
        "laksa/icons/apple-touch-icon.png",
        "laksa/icons/icon-192.png",
        "laksa/icons/icon-512.png",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/markercluster/leaflet.markercluster.js",
        "vendor/markercluster/MarkerCluster.css",
        "vendor/markercluster/MarkerCluster.Default.css",
    ],
)
def test_it_finds_every_asset_the_pages_load(path):
    assert finders.find(path), f"{path} is not found by STATICFILES_FINDERS"
