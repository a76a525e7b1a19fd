"""A webhook door asked with a method it does not take answers 405 with `Allow`, in the door's
own error shape (JSON, as the API and Open311 answer; Kannel's plain text), not Django's empty
HTML page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("city")

DOORS = [
    ("intake:whatsapp", {"name": "wa-utama"}, "GET, POST"),
    ("intake:facebook", {"name": "halaman-kota"}, "GET, POST"),
    ("intake:instagram", {"name": "ig-kota"}, "GET, POST"),
    ("intake:x", {"name": "x-kota"}, "GET, POST"),
    ("intake:telegram-webhook", {"name": "bot-kota"}, "POST"),
    ("intake:sms-gateway", {"name": "sms-gateway"}, "POST"),
    ("intake:email_mailgun", {"account": "mailgun"}, "POST"),
]


@pytest.mark.parametrize("method", ["head", "put", "patch", "delete", "options"])
@pytest.mark.parametrize(("door", "kwargs", "allowed"), DOORS, ids=[d[0] for d in DOORS])
def test_it_answers_405_in_json(
    door: str, kwargs: dict[str, str], allowed: str, method: str
) -> None:
    response = getattr(Client(), method)(reverse(door, kwargs=kwargs))
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response["Content-Type"].startswith("application/json")
    if method != "head":
        error = json.loads(response.content)["errors"][0]
        assert error["code"] == "method_not_allowed" and method.upper() in error["message"]


def test_it_answers_kannel_in_its_plain_text() -> None:
    response = Client().put(reverse("intake:sms-kannel", kwargs={"name": "kannel"}))
    assert response.status_code == 405 and response["Allow"] == "GET, POST"
    assert response["Content-Type"].startswith("text/plain")
    assert b"PUT" in response.content
