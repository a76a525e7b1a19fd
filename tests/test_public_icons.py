"""The citizen site's icons: /favicon.ico answers with an image, every page links its icons, and
the web app manifest puts the site on a phone's home screen with icons that exist."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def _get_image(client, url):
    """The body and content type at `url`, after any redirects (static files come from
    whitenoise, which streams them)."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body, response["Content-Type"]


def test_it_answers_favicon_ico_with_an_icon(citizen, city):
    response = citizen.get("/favicon.ico")
    assert response.status_code == 301
    body, content_type = _get_image(citizen, "/favicon.ico")
    assert content_type in {"image/x-icon", "image/vnd.microsoft.icon"}
    icon = Image.open(io.BytesIO(body))
    assert icon.format == "ICO" and {(16, 16), (32, 32)} <= icon.info["sizes"]


def _links(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', html):
        found.setdefault(rel, []).append(href)
    return found


@pytest.mark.parametrize("path", ["/", "/lapor/", "/peta/", "/statistik/"])
def test_it_links_the_icons_and_the_manifest_on_citizen_pages(citizen, city, path):
    links = _links(citizen.get(path).content.decode())
    assert len(links["icon"]) == 2 and len(links["apple-touch-icon"]) == 1
    assert links["manifest"] == ["/manifest.webmanifest"]
    kinds = set()
    for href in links["icon"]:
        body, content_type = _get_image(citizen, href)
        kinds.add(content_type)
        assert body
    assert "image/svg+xml" in kinds
    body, content_type = _get_image(citizen, links["apple-touch-icon"][0])
    assert content_type == "image/png"
    assert Image.open(io.BytesIO(body)).size == (180, 180)


def test_it_describes_the_citizen_site_as_an_app_with_its_icons(citizen, city):
    response = citizen.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Laksa Kota Uji" and manifest["start_url"] == "/"
    sizes = set()
    for icon in manifest["icons"]:
        body, content_type = _get_image(citizen, icon["src"])
        assert content_type == icon["type"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(body)).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert {192, 512} <= sizes


def test_it_keeps_the_citizen_manifest_off_staff_pages(citizen, city):
    links = _links(citizen.get("/masuk/").content.decode())
    assert "manifest" not in links and len(links["icon"]) == 2
