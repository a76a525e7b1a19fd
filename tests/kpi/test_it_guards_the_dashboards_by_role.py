"""Who opens which /kinerja/ dashboard, and where each role lands after signing in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laksa.kpi import counting
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(story):
    counting.count_new_events()
    return story


def test_it_shows_the_city_to_those_who_see_everything(counted, mayor, operator, admin_user):
    for user in (mayor, operator, admin_user):
        response = login(user).get("/kinerja/")
        assert response.status_code == 200, user
        html = response.content.decode()
        assert "Seluruh kota" in html and "Peringkat instansi" in html
        assert 'href="/kinerja/indikator/"' in html
        assert 'href="/kinerja/instansi/' in html and 'id="kpi-heat-config"' in html


def test_it_sends_an_agency_head_to_their_agency_only(counted, head_a, agency_a, agency_b):
    client = login(head_a)
    assert client.get("/kinerja/")["Location"] == reverse("kpi:agency", args=[agency_a.pk])
    assert client.get(reverse("kpi:agency", args=[agency_a.pk])).status_code == 200
    assert client.get(reverse("kpi:agency", args=[agency_b.pk])).status_code == 403


def test_it_sends_an_area_official_to_their_area_only(counted, lurah, west, east, kecamatan):
    client = login(lurah)
    assert client.get("/kinerja/")["Location"] == reverse("kpi:area", args=[west.pk])
    response = client.get(reverse("kpi:area", args=[west.pk]))
    assert response.status_code == 200 and "Barat" in response.content.decode()
    assert client.get(reverse("kpi:area", args=[east.pk])).status_code == 403
    assert client.get(reverse("kpi:area", args=[kecamatan.pk])).status_code == 403


def test_it_refuses_other_staff_and_asks_strangers_to_sign_in(
    counted, supervisor_a, worker_a, agency_a
):
    for user in (supervisor_a, worker_a):
        assert login(user).get("/kinerja/").status_code == 403
        assert login(user).get(reverse("kpi:agency", args=[agency_a.pk])).status_code == 403
    response = login(supervisor_a).__class__().get("/kinerja/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_it_lands_the_executive_head_and_official_on_their_dashboard(mayor, head_a, lurah):
    for user in (mayor, head_a, lurah):
        assert login(user).get(reverse("staff-home"))["Location"] == reverse("kpi:home")


def test_it_refuses_a_bad_range(counted, mayor):
    response = login(mayor).get("/kinerja/", {"date_from": "2026-11-05", "date_to": "2026-11-01"})
    assert response.status_code == 400
