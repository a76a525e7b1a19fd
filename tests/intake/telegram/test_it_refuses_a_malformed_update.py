"""A body that is not an Update is a 400 with a JSON error naming what is wrong; nothing is
stored."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from tests.intake.telegram.conftest import post_update, update


def test_it_refuses_what_is_not_json(bot: Any) -> None:
    response = post_update("{update_id: 1")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["code"] == "malformed"
    assert not InboxMessage.objects.exists()


def test_it_refuses_an_update_without_its_id(bot: Any) -> None:
    body = update("text.json")
    for update_id in (None, "871234501", -1, True):
        body["update_id"] = update_id
        response = post_update(body)
        assert response.status_code == 400, update_id
        assert response.json()["errors"][0]["field"] == "update_id"
    assert post_update("[1, 2]").status_code == 400
    assert post_update({"update_id": 5, "message": "hai"}).status_code == 400
    assert not InboxMessage.objects.exists()


def test_it_refuses_a_message_that_is_null(bot: Any) -> None:
    response = post_update({"update_id": 871234600, "message": None})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "message"
    assert not InboxMessage.objects.exists()


def test_it_checks_the_secret_before_reading_the_body(bot: Any) -> None:
    assert post_update("not json", secret="salah").status_code == 403
