from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from laksa.org.selectors import city_or_none


def jurisdiction(request: HttpRequest) -> dict[str, Any]:
    """Puts the city (name, map centre, timezone) into every template."""
    return {"city": city_or_none()}
