"""The map a web form of a report shows (the citizen's form, the call centre, the guest book):
centred on the city, with its tiles and the kelurahan outlines that report_form.js draws."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from laksa.org.models import Jurisdiction


def form_map_config(city: Jurisdiction) -> dict[str, Any]:
    return {
        "lat": city.center_lat,
        "lng": city.center_lng,
        "zoom": city.default_zoom,
        "tiles": settings.LAKSA_TILE_URL,
        "attribution": settings.LAKSA_TILE_ATTRIBUTION,
        "areas": reverse("public:map_areas"),
    }
