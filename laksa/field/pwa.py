"""What makes SIGAP an installable app that opens without signal: the manifest, the service
worker (served from /sigap/ so its scope is the whole app) and the page it shows when a screen
was never opened online."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from laksa.org.selectors import current_jurisdiction

CACHE_NAME = "sigap-v1"
"""Change it when the shell changes shape: the new worker drops the old caches."""


@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    city = current_jurisdiction()
    return JsonResponse(
        {
            "name": f"SIGAP · {city.name}",
            "short_name": "SIGAP",
            "description": _("Aplikasi lapangan untuk pengawas dan petugas."),
            "lang": "id",
            "start_url": reverse("field:jobs"),
            "scope": reverse("field:jobs"),
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#0b3d66",
            "icons": [
                {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "field/sw.js",
        {
            "cache_name": CACHE_NAME,
            "shell": json.dumps(
                [
                    reverse("field:offline"),
                    static("laksa/laksa.css"),
                    static("field/sigap.css"),
                    static("field/sigap.js"),
                    static("field/capture.js"),
                    static("field/jobs_map.js"),
                    static("field/icon-192.png"),
                ]
            ),
        },
        content_type="text/javascript",
    )


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "field/offline.html")
