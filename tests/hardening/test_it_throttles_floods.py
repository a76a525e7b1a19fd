"""Finding 5 of issue 16: anonymous reports, support votes and sign-ins are limited per client
address and per account, counted in the cache, with a clear 429 in the caller's format."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from laksa.lib import throttle
from laksa.org.models import ApiRequest
from laksa.reports.models import Report
from tests.api_helpers import API, form, post_json
from tests.conftest import IN_WEST
from tests.images import make_image, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window")]


def web_report(client: Client, category: Any, seed: int = 1, **extra: Any) -> Any:
    data = {
        "form_token": str(uuid.uuid4()),
        "category": str(category.pk),
        "description": "Lubang besar di depan SD Negeri 3",
        "lat": str(IN_WEST[0]),
        "lng": str(IN_WEST[1]),
        "q_ukuran": "besar",
        "photos": [upload(make_image(seed=seed, size=(200, 150)))],
    }
    return client.post("/lapor/", data, **extra)


def test_it_refuses_a_flood_of_reports_on_the_web_form(settings, citizen, pothole, west, east):
    settings.LAKSA_RATES = {**settings.LAKSA_RATES, "report": "3/600"}
    answers = [web_report(citizen, pothole, seed=n).status_code for n in range(5)]
    other = web_report(citizen, pothole, seed=9, REMOTE_ADDR="198.51.100.7")

    assert answers == [303, 303, 303, 429, 429]
    refused = web_report(citizen, pothole, seed=10)
    assert "Terlalu banyak laporan dari alamat Anda" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert other.status_code == 303
    assert Report.objects.count() == 4


def test_it_refuses_a_flood_of_reports_on_the_api(settings, citizen, pothole, west, east):
    settings.LAKSA_RATES = {**settings.LAKSA_RATES, "report": "3/600"}
    answers = [citizen.post(f"{API}/reports", form(seed=n)) for n in range(5)]

    assert [a.status_code for a in answers] == [201, 201, 201, 429, 429]
    body = answers[-1].json()
    assert body["errors"][0]["code"] == "rate_limited"
    assert "Terlalu banyak permintaan" in body["errors"][0]["message"]
    assert int(answers[-1]["Retry-After"]) > 0
    assert Report.objects.count() == 3


def test_it_counts_the_rate_in_the_cache_not_the_database(settings, citizen, pothole, west, east):
    settings.LAKSA_RATES = {**settings.LAKSA_RATES, "report": "1/600"}
    citizen.post(f"{API}/reports", form(seed=1))
    assert citizen.post(f"{API}/reports", form(seed=2)).status_code == 429
    assert not ApiRequest.objects.exists()


def test_it_reads_the_address_from_the_configured_proxy_header_only(settings, rf):
    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")
    assert throttle.client_ip(spoofed) == "10.0.0.1"
    settings.LAKSA_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxied = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="10.0.0.1")
    assert throttle.client_ip(proxied) == "203.0.113.5"  # what our proxy saw, not what was sent


def test_two_empty_support_votes_from_one_client_count_once(citizen, make_report):
    report = make_report()
    first = post_json(citizen, f"/reports/{report.code}/support", {})
    again = post_json(citizen, f"/reports/{report.code}/support", {})
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    other = post_json(elsewhere, f"/reports/{report.code}/support", {})

    assert first.json() == {"counted": True, "support_count": 1}
    assert again.json() == {"counted": False, "support_count": 1}
    assert other.json() == {"counted": True, "support_count": 2}


def test_it_limits_support_votes_per_address(settings, citizen, make_report):
    settings.LAKSA_RATES = {**settings.LAKSA_RATES, "support": "2/600"}
    report = make_report()
    answers = [
        post_json(citizen, f"/reports/{report.code}/support", {"device_id": f"hp-{n}"})
        for n in range(3)
    ]
    web = citizen.post(f"/r/{report.code}/dukung/")

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json()["errors"][0]["code"] == "rate_limited"
    assert web.status_code == 429
    assert "Terlalu banyak permintaan dari alamat Anda" in web.content.decode()
    report.refresh_from_db()
    assert report.support_count == 2


@pytest.fixture
def staff_user(db: Any) -> User:
    return User.objects.create_user("operator1", password="benar-sekali-123")


def sign_in(client: Client, password: str, username: str = "operator1") -> Any:
    return client.post("/masuk/", {"username": username, "password": password})


def test_it_locks_a_username_after_wrong_passwords_with_back_off(
    settings, staff_user, clock, caplog
):
    settings.LAKSA_SIGNIN_FAILURES = 3
    settings.LAKSA_SIGNIN_LOCK_SECONDS = 60
    clock.at("2026-12-01T10:00")
    client = Client()
    with caplog.at_level(logging.INFO, logger="laksa.security"):
        wrong = [sign_in(client, "salah").status_code for _ in range(3)]
        locked = sign_in(client, "benar-sekali-123")
    assert wrong == [200, 200, 200]
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert any("sign-in locked" in r.getMessage() for r in caplog.records)

    clock.shift(seconds=61)
    assert sign_in(client, "salah").status_code == 200  # a fourth failure: locked 120 s now
    clock.shift(seconds=61)
    assert sign_in(client, "benar-sekali-123").status_code == 429
    clock.shift(seconds=60)
    assert sign_in(client, "benar-sekali-123").status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_it_refuses_an_address_trying_many_usernames(settings, staff_user):
    settings.LAKSA_RATES = {**settings.LAKSA_RATES, "signin_ip": "4/900"}
    client = Client()
    for n in range(4):
        assert sign_in(client, "salah", username=f"orang{n}").status_code == 200
    refused = sign_in(client, "benar-sekali-123")
    assert refused.status_code == 429
    assert sign_in(Client(REMOTE_ADDR="198.51.100.9"), "benar-sekali-123").status_code == 302


def test_the_admin_sign_in_has_the_same_lockout(settings, staff_user):
    settings.LAKSA_SIGNIN_FAILURES = 2
    staff_user.is_staff = True
    staff_user.save(update_fields=["is_staff"])
    client = Client()
    for _ in range(2):
        client.post("/admin/login/", {"username": "operator1", "password": "salah"})
    response = client.post(
        "/admin/login/", {"username": "operator1", "password": "benar-sekali-123"}
    )
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
