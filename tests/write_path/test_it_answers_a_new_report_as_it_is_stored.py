"""Issue 15, the write path: the API answers a new report from what it has just stored (no read
of the report back), and that answer is the one a reading gives: the same request again with its
Idempotency-Key, answered from the stored report, is the same bytes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from tests.api_helpers import API, form
from tests.conftest import IN_EAST, OUTSIDE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {},  # a photo, a point in Barat, an answer
        {"lat": str(IN_EAST[0]), "lng": str(IN_EAST[1]), "photos": []},
        {"lat": str(OUTSIDE[0]), "lng": str(OUTSIDE[1])},  # in no kelurahan
        {"contact_name": "Siti", "contact_email": "siti@example.org", "anonymous": "true"},
        {"address": "Depan SDN 3", "contact_phone": "081234567890"},
    ],
    ids=["photo", "east", "outside", "anonymous", "phone"],
)
@pytest.mark.parametrize("keyed", [True, False], ids=["app", "web"])
def test_the_first_answer_is_the_stored_reports(
    citizen: Client, app_key: str, pothole: Any, west: Any, east: Any, fields: Any, keyed: bool
) -> None:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if keyed:
        headers["X-Api-Key"] = app_key
    first = citizen.post(f"{API}/reports", form(**fields), headers=headers)
    again = citizen.post(f"{API}/reports", form(**fields), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.content == again.content
