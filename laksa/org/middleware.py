from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from laksa.org.context_processors import jurisdiction


class CityTimezoneMiddleware:
    """Shows every time in the city's own timezone, whatever the server's or browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = jurisdiction(request)["city"]
        if city is not None:
            timezone.activate(city.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
