"""What makes SIGAP an installable app that opens without signal: the manifest, the service
worker (served from /sigap/ so its scope is the whole app) and the page it shows when a screen
was never opened online."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from laksa.org.selectors import current_jurisdiction

SHELL_FILES = (
    "laksa/laksa.css",
    "field/sigap.css",
    "field/sigap.js",
    "field/capture.js",
    "laksa/shrink.js",
    "field/jobs_map.js",
    "field/icon-192.png",
)
"""The static files the worker stores at install, so that the app opens without signal."""


@functools.cache
def cache_name() -> str:
    """The worker serves static files from the phone's cache first and their names carry no
    hash, so a release that changes a script must change the worker too: the cache is named
    after the shell files' contents, and a new name makes phones fetch everything afresh."""
    digest = hashlib.sha256()
    for path in SHELL_FILES:
        found = finders.find(path)
        if not found:
            raise FileNotFoundError(f"SIGAP shell file missing: {path}")
        digest.update(Path(str(found)).read_bytes())
    return f"sigap-{digest.hexdigest()[:12]}"


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
            "cache_name": cache_name(),
            "shell": json.dumps([reverse("field:offline"), *map(static, SHELL_FILES)]),
        },
        content_type="text/javascript",
    )


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "field/offline.html")
