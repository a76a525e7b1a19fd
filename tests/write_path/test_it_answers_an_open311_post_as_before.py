"""Issue 15, the write path: Open311's answer to a POST is byte for byte what it was before the
write path was cut down (these bytes were taken from the code before it), in both formats, for
a new request and for a retry with its key."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import IN_WEST
from tests.test_open311 import V2

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "json",
            b'[{"service_request_id":"UJI-2612-00001","service_notice":"Pantau di '
            b'http://testserver/r/UJI-2612-00001/","account_id":null}]',
        ),
        (
            "xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request>'
            b"<service_request_id>UJI-2612-00001</service_request_id><service_notice>Pantau di "
            b"http://testserver/r/UJI-2612-00001/</service_notice><account_id/>"
            b"</request></service_requests>",
        ),
    ],
)
def test_the_answer_to_a_post_is_the_same_bytes(
    api: Client, app_key: str, streetlight: Any, west: Any, clock: Any, fmt: str, expected: bytes
) -> None:
    clock.at("2026-12-01T09:00")
    body = {
        "api_key": app_key,
        "service_code": "PJU-MTI",
        "lat": IN_WEST[0],
        "long": IN_WEST[1],
        "description": "Lampu mati",
        "email": "warga@example.org",
        "idempotency_key": "kunci-1",
    }
    first = api.post(f"{V2}/requests.{fmt}", body)
    again = api.post(f"{V2}/requests.{fmt}", body)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content == expected
