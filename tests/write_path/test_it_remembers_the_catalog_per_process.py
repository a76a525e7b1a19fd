"""Issue 15, the write path: what a report is filed under (its category and agency, the city's
holidays, its questions) is remembered by the process (laksa.lib.memo), and an administrator's
change is seen at once by the process that saved it; other processes see it within memo.TTL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.lib import memo
from laksa.org.models import Holiday
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.test_open311 import V2

pytestmark = pytest.mark.django_db


def post(api: Client, key: str, code: str = "PJU-MTI") -> Any:
    body = {"api_key": key, "service_code": code, "lat": IN_WEST[0], "long": IN_WEST[1]}
    return api.post(f"{V2}/requests.json", {**body, "description": "Lampu mati"})


def newest() -> Report:
    return Report.objects.order_by("-id").first()  # type: ignore[return-value]


def test_a_category_switched_off_is_refused_at_once(
    api: Client, app_key: str, streetlight: Category, west: Any
) -> None:
    assert post(api, app_key).status_code == 200
    streetlight.active = False
    streetlight.save(update_fields=["active"])
    assert post(api, app_key).status_code == 404


def test_a_category_added_elsewhere_is_found_at_once(
    api: Client, app_key: str, streetlight: Category, agency_a: Any, west: Any
) -> None:
    assert post(api, app_key).status_code == 200  # the catalog is remembered now
    Category.objects.bulk_create(  # as another process would: no signal here
        [Category(jurisdiction=streetlight.jurisdiction, code="SAM-LIAR", name_id="Sampah",
                  name_en="Rubbish", agency=agency_a)]
    )  # fmt: skip
    assert post(api, app_key, "SAM-LIAR").status_code == 200
    assert newest().category.code == "SAM-LIAR"


def test_a_new_agency_gets_the_next_report_at_once(
    api: Client, app_key: str, streetlight: Category, agency_a: Any, west: Any
) -> None:
    assert post(api, app_key).status_code == 200
    streetlight.agency = agency_a
    streetlight.save(update_fields=["agency"])
    assert post(api, app_key).status_code == 200
    assert newest().agency == agency_a


def test_a_holiday_added_moves_the_next_due_time_at_once(
    api: Client, app_key: str, streetlight: Category, west: Any, clock: Any
) -> None:
    clock.at("2026-12-01T09:00")  # a Tuesday
    assert post(api, app_key).status_code == 200
    before = newest().respond_due_at
    Holiday.objects.create(jurisdiction=streetlight.jurisdiction, date=before.date(), name="Libur")
    assert post(api, app_key).status_code == 200
    assert newest().respond_due_at > before


def test_another_process_sees_a_change_within_the_ttl(
    api: Client, app_key: str, streetlight: Category, west: Any, monkeypatch: Any
) -> None:
    assert post(api, app_key).status_code == 200
    Category.objects.filter(pk=streetlight.pk).update(active=False)  # no signal: as elsewhere
    assert post(api, app_key).status_code == 200  # still remembered here
    later = memo.monotonic() + memo.TTL + 1
    monkeypatch.setattr(memo, "monotonic", lambda: later)
    assert post(api, app_key).status_code == 404
