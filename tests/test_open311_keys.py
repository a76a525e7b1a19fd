"""Open311 API keys on every method: a wrong or revoked key is 403 everywhere, a valid key is
rate-limited and logged everywhere (refusals included), and a key names its own city."""

from __future__ import annotations

from typing import Any

import pytest
import xmltodict
from django.test import Client

from laksa.org.models import ApiRequest, Application, Jurisdiction
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.test_open311 import V2, xml

GETS = [
    "discovery",
    "services",
    "services/INF-JLN",
    "requests",
    "requests/TIDAK-ADA",
    "tokens/123",
    "servicerequestupdates",
]


@pytest.mark.parametrize("resource", GETS)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_a_wrong_key_on_every_method_without_a_log_row(
    api: Client, pothole: Any, resource: str, fmt: str
) -> None:
    """A made-up key is nobody's: no row, so nobody can fill the log with them."""
    response = api.get(f"{V2}/{resource}.{fmt}?api_key=salah")
    assert response.status_code == 403
    if fmt == "json":
        assert response.json()[0]["code"] == 403
    else:
        assert xmltodict.parse(response.content)["errors"]["error"]["code"] == "403"
    assert not ApiRequest.objects.exists()


@pytest.mark.parametrize("resource", GETS)
def test_it_refuses_a_revoked_key_everywhere_and_logs_it_with_its_application(
    api: Client, city: Any, app_key: str, pothole: Any, resource: str
) -> None:
    Application.objects.update(active=False)
    assert api.get(f"{V2}/{resource}.json", {"api_key": app_key}).status_code == 403
    [row] = ApiRequest.objects.all()
    assert row.application == Application.objects.get() and row.status == 403


@pytest.mark.parametrize(
    ("resource", "status"), list(zip(GETS, [200, 200, 200, 200, 404, 404, 200], strict=True))
)
def test_it_logs_a_valid_key_everywhere_and_no_key_stays_allowed(
    api: Client, app_key: str, pothole: Any, resource: str, status: int
) -> None:
    assert api.get(f"{V2}/{resource}.json").status_code == status  # no key: allowed, not logged
    assert not ApiRequest.objects.exists()
    by_header = api.get(f"{V2}/{resource}.xml", headers={"X-Api-Key": app_key})
    assert by_header.status_code == status
    assert api.get(f"{V2}/{resource}.json?api_key={app_key}").status_code == status
    app = Application.objects.get()
    assert list(ApiRequest.objects.values_list("application", "status")) == [(app.pk, status)] * 2
    assert app.last_used_at is not None


@pytest.mark.usefixtures("rate_window")
def test_it_rate_limits_a_key_on_the_service_list(api: Client, app_key: str, pothole: Any) -> None:
    Application.objects.update(requests_per_minute=2)
    statuses = [api.get(f"{V2}/services.json?api_key={app_key}").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert ApiRequest.objects.filter(status=429).count() == 1


def test_it_logs_a_keyed_request_refused_for_its_jurisdiction(
    api: Client, app_key: str, pothole: Any
) -> None:
    response = api.get(f"{V2}/services.xml?api_key={app_key}&jurisdiction_id=nowhere")
    assert response.status_code == 404 and xml(response).tag == "errors"
    [row] = ApiRequest.objects.all()
    assert row.status == 404 and row.application == Application.objects.get()


def test_it_refuses_another_citys_key(api: Client, city: Any, pothole: Any) -> None:
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")
    _app, key = Application.create_with_key(other, "Aplikasi Lain")
    response = api.get(f"{V2}/services.json?api_key={key}&jurisdiction_id=kota-uji")
    assert response.status_code == 403 and response.json()[0]["code"] == 403


# --- several jurisdictions ------------------------------------------------------------------------


@pytest.fixture
def second_city(city: Any) -> Jurisdiction:
    return Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")


def test_it_uses_the_keys_city_when_no_jurisdiction_is_given(
    api: Client, app_key: str, pothole: Any, west: Any, second_city: Any
) -> None:
    body = {"service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
            "attribute[ukuran]": "besar"}  # fmt: skip
    assert api.post(f"{V2}/requests.json", body).status_code == 400  # no key: which city?
    created = api.post(f"{V2}/requests.json", {**body, "api_key": app_key})
    assert created.status_code == 200
    assert Report.objects.get().jurisdiction.slug == "kota-uji"
    root = xml(api.get(f"{V2}/services.xml?api_key={app_key}"))
    assert [s.findtext("service_code") for s in root.findall("service")] == ["INF-JLN"]
    without_key = api.get(f"{V2}/services.json")
    assert without_key.status_code == 400 and without_key.json()[0]["code"] == 400


def test_it_answers_discovery_for_several_cities_without_a_jurisdiction(
    api: Client, city: Any, second_city: Any
) -> None:
    data = api.get(f"{V2}/discovery.json").json()
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    assert "Kota Uji" in data["contact"] and "Kota Lain" in data["contact"]
    assert [e["url"] for e in data["endpoints"]] == ["http://testserver/open311/v2/"]
    root = xml(api.get(f"{V2}/discovery.xml"))
    assert root.tag == "discovery" and root.findtext("endpoints/endpoint/type") == "production"
    one = api.get(f"{V2}/discovery.json?jurisdiction_id=kota-lain").json()
    assert "Kota Lain" in one["contact"] and "Kota Uji" not in one["contact"]
    assert api.get(f"{V2}/discovery.json?jurisdiction_id=nowhere").status_code == 404
