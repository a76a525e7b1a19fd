from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from laksa.org.models import Jurisdiction


def jurisdiction(request: HttpRequest) -> dict[str, Any]:
    """Puts the city (name, map centre, timezone) into every template."""
    slug = getattr(settings, "LAKSA_JURISDICTION", "")
    qs = Jurisdiction.objects.all()
    city = qs.filter(slug=slug).first() if slug else qs.order_by("id").first()
    return {"city": city}
