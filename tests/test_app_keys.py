"""One key service (org.keys) behind both doors that take an application key, Open311 and the
JSON API: the same refusals, the same log rows, one allowance per key; only the error format is
each door's own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.org.models import ApiRequest, Application, Jurisdiction
from laksa.reports.models import Report
from tests.api_helpers import API, error_codes, form
from tests.test_open311 import V2


def _rows() -> list[tuple[int | None, str, int]]:
    return list(ApiRequest.objects.order_by("id").values_list("application", "path", "status"))


def test_it_refuses_another_citys_key_on_the_api_as_open311_does(
    citizen: Client, city: Any, pothole: Any, west: Any, east: Any
) -> None:
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAN")
    app, key = Application.create_with_key(other, "Aplikasi Lain")
    listed = citizen.get(f"{API}/categories", headers={"X-Api-Key": key})
    assert listed.status_code == 403 and error_codes(listed) == [("forbidden", None)]
    sent = citizen.post(f"{API}/reports", form(), headers={"X-Api-Key": key})
    assert sent.status_code == 403 and not Report.objects.exists()
    by_open311 = citizen.get(f"{V2}/services.json?api_key={key}&jurisdiction_id=kota-uji")
    assert by_open311.status_code == 403 and by_open311.json()[0]["code"] == 403
    assert _rows() == [
        (app.pk, f"{API}/categories", 403),
        (app.pk, f"{API}/reports", 403),
        (app.pk, f"{V2}/services.json", 403),
    ]


def test_it_logs_a_revoked_key_against_its_application_on_both_doors(
    citizen: Client, city: Any, app_key: str, pothole: Any
) -> None:
    Application.objects.update(active=False)
    refused = citizen.get(f"{API}/categories", headers={"X-Api-Key": app_key})
    assert refused.status_code == 403 and error_codes(refused) == [("forbidden", None)]
    assert citizen.get(f"{V2}/services.json", {"api_key": app_key}).status_code == 403
    app = Application.objects.get()
    assert _rows() == [(app.pk, f"{API}/categories", 403), (app.pk, f"{V2}/services.json", 403)]
    assert app.last_used_at is not None


def test_it_leaves_no_row_without_a_key_or_with_a_made_up_one_on_both_doors(
    citizen: Client, city: Any, pothole: Any
) -> None:
    assert citizen.get(f"{API}/categories").status_code == 200
    assert citizen.get(f"{API}/categories", headers={"X-Api-Key": "salah"}).status_code == 403
    assert citizen.get(f"{V2}/services.json").status_code == 200
    assert citizen.get(f"{V2}/services.json", headers={"X-Api-Key": "salah"}).status_code == 403
    assert not ApiRequest.objects.exists()


def test_it_takes_a_blank_key_header_as_no_key_on_both_doors(
    citizen: Client, city: Any, pothole: Any
) -> None:
    """As Open311's `api_key=` already was: clients send the field empty rather than leave it out."""
    assert citizen.get(f"{API}/categories", headers={"X-Api-Key": "  "}).status_code == 200
    assert citizen.get(f"{V2}/services.json", headers={"X-Api-Key": "  "}).status_code == 200
    assert not ApiRequest.objects.exists()


@pytest.mark.usefixtures("rate_window")
def test_it_counts_one_allowance_for_a_key_across_both_doors(
    citizen: Client, city: Any, app_key: str, pothole: Any
) -> None:
    Application.objects.update(requests_per_minute=2)
    header = {"X-Api-Key": app_key}
    statuses = [
        citizen.get(f"{V2}/services.json", headers=header).status_code,
        citizen.get(f"{API}/categories", headers=header).status_code,
        citizen.get(f"{V2}/services.json", headers=header).status_code,
        citizen.get(f"{API}/categories", headers=header).status_code,
    ]
    assert statuses == [200, 200, 429, 429]
    assert ApiRequest.objects.filter(application__isnull=False).count() == 4
