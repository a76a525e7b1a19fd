"""Finding 8 of issue 16: every response carries a strict Content-Security-Policy (pages, the API,
errors and refusals), and no page relies on an inline script, handler or style attribute, the one
exception being the styles inside server-drawn charts, which carry the response's nonce.
Production settings add HSTS, the redirect to https behind the TLS proxy and Secure cookies;
development keeps plain http. The browser side is tests/browser/test_csp.py."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from laksa.kpi import counting
from laksa.lib import csp
from tests.conftest import login
from tests.hardening.test_it_refuses_unsafe_production import run
from tests.kpi.conftest import Story, story  # noqa: F401
from tests.kpi_indicators.conftest import agencies  # noqa: F401
from tests.kpi_indicators.test_it_exports_the_monthly_report import loaded  # noqa: F401

pytestmark = pytest.mark.django_db
HEADER = "Content-Security-Policy"
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response: HttpResponse) -> dict[str, str]:
    parts = (part.strip().partition(" ") for part in response[HEADER].split(";"))
    return {name: value.strip() for name, _, value in parts}


def assert_strict(response: HttpResponse) -> dict[str, str]:
    found = directives(response)
    assert {k: found.get(k) for k in STRICT} == STRICT, response[HEADER]
    assert found["img-src"].split()[:3] == ["'self'", "data:", "blob:"]
    assert found["style-src"].split()[0] == "'self'"
    assert "unsafe" not in response[HEADER]
    return found


INLINE = [
    re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    re.compile(r"<[a-z][^>]*\s(?:on[a-z]+|hx-on[^=]*)\s*=", re.I),
    re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    re.compile(r"javascript:", re.I),
]


def inline_code(html: str) -> list[str]:
    """What a strict policy would refuse in a page: inline scripts (JSON data excepted), event
    handler attributes, style attributes, javascript: links."""
    return [m.group(0)[:120] for pattern in INLINE for m in pattern.finditer(html)]


PUBLIC = ["/", "/peta/", "/lapor/", "/statistik/", "/buku-tamu/", "/masuk/"]


@pytest.mark.parametrize("page", PUBLIC)
def test_it_sends_a_strict_policy_on_the_citizens_pages(citizen, done_report, page):
    counting.count_new_events()
    response = citizen.get(page)
    assert response.status_code == 200
    assert "nonce-" not in assert_strict(response)["style-src"]
    assert inline_code(response.content.decode()) == []


def test_the_tracking_pages_need_no_inline_code(citizen, done_report):
    for page in [f"/r/{done_report.code}/", f"/r/{done_report.code}/{done_report.secret}/"]:
        response = citizen.get(page)
        assert response.status_code == 200
        assert_strict(response)
        html = response.content.decode()
        assert inline_code(html) == [], page
        assert 'class="card status-card green"' in html  # its colour is a class now


def test_the_staff_pages_need_no_inline_code(
    make_report, done_report, operator, supervisor_a, admin_user, pothole
):
    waiting = make_report(seed=4)
    pages = [
        (operator, "/console/"),
        (operator, f"/console/r/{waiting.code}/"),
        (operator, "/console/telepon/"),
        (operator, "/live/wall"),
        (supervisor_a, "/sigap/"),
        (supervisor_a, f"/sigap/r/{done_report.code}/"),
        (admin_user, "/admin/"),
        (admin_user, f"/admin/catalog/category/{pothole.pk}/change/"),
    ]
    for user, page in pages:
        response = login(user).get(page)
        assert response.status_code == 200, page
        assert_strict(response)
        assert inline_code(response.content.decode()) == [], page


def test_the_charts_styles_carry_the_responses_nonce(
    mayor,
    story: Story,  # noqa: F811
    loaded: None,  # noqa: F811
):
    counting.count_new_events()
    client = login(mayor)
    for page in [
        "/kinerja/?date_from=2026-11-01&date_to=2026-11-30",
        "/kinerja/indikator/?tahun=2026&bulan=6",
        "/kinerja/indikator/anggaran/?tahun=2026&bulan=6",
        "/kinerja/indikator/laporan-bulanan/?tahun=2026&bulan=6&format=html",
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        (nonce,) = re.findall(r"'nonce-([^']+)'", assert_strict(response)["style-src"])
        html = response.content.decode()
        styles = re.findall(r"<style\b[^>]*>", html)
        assert styles, page
        assert all(f'nonce="{nonce}"' in tag for tag in styles), (page, styles)
        assert inline_code(html) == [], page
        again = re.findall(r"'nonce-([^']+)'", client.get(page)[HEADER])
        assert again != [nonce]  # a new one for every response


def test_it_sends_the_policy_on_the_api(citizen, api, city, app_key):
    for response in [
        citizen.get("/api/v1/reports"),
        citizen.get("/api/v1/no-such-thing"),
        api.get("/open311/v2/discovery.json"),
        api.get(f"/open311/v2/services.xml?api_key={app_key}"),
        citizen.get("/api/v1/docs"),
    ]:
        assert_strict(response)


def test_it_sends_the_policy_on_errors_and_refusals(city):
    assert_strict(Client().get("/no-such-page/"))
    huge = Client().post("/lapor/", b"", content_type="multipart/form-data; boundary=X",
                         CONTENT_LENGTH=str(300 * 1024 * 1024))  # fmt: skip
    assert huge.status_code == 413
    assert_strict(huge)
    forged = Client(enforce_csrf_checks=True).post("/lapor/", {"description": "x"})
    assert forged.status_code == 403
    assert_strict(forged)
    assert inline_code(forged.content.decode()) == []  # Django's own page has an inline <style>


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("rusak/", broken)]


@pytest.mark.urls(__name__)
def test_it_sends_the_policy_on_a_server_error():
    response = Client(raise_request_exception=False).get("/rusak/")
    assert response.status_code == 500
    assert_strict(response)


def test_a_tile_server_and_a_photo_host_join_img_src_only():
    policy = csp.policy(
        tile_url="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
        img_src=["https://foto.example.go.id"],
        connect_src=[],
    )["DIRECTIVES"]
    assert policy["img-src"][-2:] == [
        "https://*.tile.openstreetmap.org",
        "https://foto.example.go.id",
    ]
    assert policy["connect-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert csp.origin_of("/tiles/{z}/{x}/{y}.png") is None  # this site's own tiles
    assert csp.origin_of("http://127.0.0.1:8080/{z}/{x}/{y}.png") == "http://127.0.0.1:8080"


# What the middleware stack answers in a fresh process with the given environment: a static file
# (no database needed) asked for over plain http, and over https as the TLS proxy says it.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/static/laksa/laksa.css")
proxied = c.get("/static/laksa/laksa.css", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location"), plain.get("Strict-Transport-Security")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security")],
    "csp": proxied.get("Content-Security-Policy"),
    "referrer": proxied.get("Referrer-Policy"),
    "nosniff": proxied.get("X-Content-Type-Options"),
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def probe(tmp_path: Path, **env: str) -> dict[str, object]:
    result = run(PROBE, tmp_path, DJANGO_SETTINGS_MODULE="laksa.settings",
                 LAKSA_ALLOWED_HOSTS="testserver", **env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy(tmp_path):
    found = probe(tmp_path, LAKSA_SECRET_KEY=secrets.token_urlsafe(50),
                  LAKSA_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png")  # fmt: skip
    assert found["plain"] == [301, "https://testserver/static/laksa/laksa.css", None]
    assert found["proxied"] == [200, "max-age=31536000; includeSubDomains"]
    assert "https://*.tile.example.org" in str(found["csp"])
    assert found["referrer"] == "same-origin" and found["nosniff"] == "nosniff"
    assert found["cookies"] == [True, True]


def test_production_hsts_is_configurable(tmp_path):
    found = probe(tmp_path, LAKSA_SECRET_KEY=secrets.token_urlsafe(50),
                  LAKSA_HSTS_SECONDS="3600", LAKSA_HSTS_INCLUDE_SUBDOMAINS="0")  # fmt: skip
    assert found["proxied"] == [200, "max-age=3600"]


@pytest.mark.parametrize("mode", ["development", "test"])
def test_development_keeps_plain_http(tmp_path, mode):
    found = probe(tmp_path, LAKSA_ENV=mode)
    assert found["plain"] == [200, None, None]
    assert found["proxied"] == [200, None]
    assert "default-src 'self'" in str(found["csp"])  # the policy holds in every mode
    assert found["cookies"] == [False, False]
