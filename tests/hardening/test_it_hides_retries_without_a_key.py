"""Finding 10 of issue 16: an Open311 client that retries a POST without a key (its answer lost)
does not publish the report twice; the copy is offered to the LIVE Room as a likely duplicate,
and the client gets the answer the first POST would have had."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.reports.models import EventKind, Report
from laksa.reports.selectors import public_reports
from tests.conftest import IN_EAST, IN_WEST

pytestmark = pytest.mark.django_db
V2 = "/open311/v2"


def post(api: Any, key: str, **data: Any) -> Any:
    body = {"api_key": key, "service_code": "INF-JLN", "lat": IN_WEST[0], "long": IN_WEST[1],
            "description": "Lubang besar di depan pasar", "email": "warga@example.id",
            "attribute[ukuran]": "besar", **data}  # fmt: skip
    return api.post(f"{V2}/requests.json", body)


def test_a_retry_without_a_key_is_offered_as_a_duplicate_not_published(
    api, app_key, pothole, west, clock
):
    clock.at("2026-12-01T10:00")
    first = post(api, app_key)
    clock.shift(minutes=3)
    again = post(api, app_key)

    assert first.status_code == again.status_code == 200
    code = first.json()[0]["service_request_id"]
    assert again.json()[0]["service_request_id"] == code  # the answer the first would have had
    original, copy = Report.objects.order_by("id")
    assert original.code == code and original.public
    assert not copy.public
    assert list(public_reports(copy.jurisdiction).values_list("code", flat=True)) == [code]
    created = copy.events.get(kind=EventKind.CREATED)
    assert f"Kemungkinan kiriman ulang dari {code}" in created.internal_note
    assert created.data["likely_retry_of"] == code


def test_every_later_retry_is_answered_with_the_first_report(api, app_key, pothole, west, clock):
    """A third send is a retry of the first, not of the hidden copy: the client's link must
    open the report the public sees."""
    clock.at("2026-12-01T10:00")
    code = post(api, app_key).json()[0]["service_request_id"]
    for _ in range(3):
        clock.shift(minutes=2)
        again = post(api, app_key)
        assert again.json()[0]["service_request_id"] == code
        assert api.get(f"/r/{code}/").status_code == 200
    original, *copies = Report.objects.order_by("id")
    assert original.code == code and original.public
    assert len(copies) == 3 and not any(c.public for c in copies)
    for copy in copies:
        assert copy.events.get(kind=EventKind.CREATED).data["likely_retry_of"] == code


@pytest.mark.parametrize(
    "change",
    [
        {"description": "Lubang lain di ujung jalan"},
        {"lat": IN_EAST[0], "long": IN_EAST[1]},
        {"email": "orang.lain@example.id"},
        {"service_code": "PJU-MTI"},
    ],
)
def test_another_report_is_published(api, app_key, pothole, streetlight, west, east, change, clock):
    clock.at("2026-12-01T10:00")
    post(api, app_key)
    clock.shift(minutes=1)
    other = post(api, app_key, **change)
    assert other.status_code == 200, other.content
    assert Report.objects.filter(public=True).count() == 2


def test_the_same_report_after_the_window_is_published(
    api, app_key, pothole, west, clock, settings
):
    settings.LAKSA_RETRY_MINUTES = 10
    clock.at("2026-12-01T10:00")
    post(api, app_key)
    clock.shift(minutes=11)
    later = post(api, app_key)
    assert later.status_code == 200
    assert (
        len({later.json()[0]["service_request_id"], *Report.objects.values_list("code", flat=True)})
        == 2
    )
    assert Report.objects.filter(public=True).count() == 2


def test_a_retry_with_its_key_still_gives_the_first_report_back(api, app_key, pothole, west):
    first = post(api, app_key, idempotency_key="0f6f1c4e-2b7a-4f0e-9a53-2f4c1e9e8d11")
    again = post(api, app_key, idempotency_key="0f6f1c4e-2b7a-4f0e-9a53-2f4c1e9e8d11")
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert Report.objects.count() == 1
