"""Input not in the provider's format gets a clear error in the provider's format (JSON for the
gateway, plain text for Kannel, a command error for Gammu) and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laksa.intake.models import InboxMessage
from tests.intake.sms.conftest import get_kannel, post_gateway


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", None),
        ("[1, 2]", None),
        ({"id": "m1", "text": "Lampu mati"}, "from"),
        ({"id": "m1", "from": "081234567890"}, "text"),
        ({"id": "m1", "from": "081234567890", "text": 42}, "text"),
        ({"from": "081234567890", "text": "Lampu mati"}, "id"),
        ({"id": "m1", "from": "081234567890", "parts": ["a", 1]}, "parts"),
        ({"messages": []}, "messages"),
        (
            {"messages": [{"id": "m1", "from": "0812", "text": "ok"}, {"id": "m2"}]},
            "messages[1].from",
        ),
        ('{"id": "m1", "from": "081234567890", "text": "Lampu \\ud800 mati"}', "text"),
        ('{"id": "m1", "from": "0812\\udc00", "text": "Lampu mati"}', "from"),
        ('{"id": "m\\udc00", "from": "081234567890", "text": "Lampu mati"}', "id"),
        ({"id": "m1", "from": "081234567890", "text": "Lampu\x00 mati"}, "text"),
        ({"id": "m1", "from": "081234567890", "parts": ["Lampu", "\x00"]}, "text"),
        ("[" * 100_000 + "]" * 100_000, None),
    ],
)
def test_it_answers_a_malformed_gateway_message_with_a_clear_error(
    gateway_account: Any, replies: Any, body: Any, field: str | None
) -> None:
    response = post_gateway(body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "malformed" and error["field"] == field and error["message"]
    assert not InboxMessage.objects.exists() and replies == []


def test_it_answers_a_malformed_kannel_request_in_plain_text(kannel_account: Any) -> None:
    token = kannel_account.webhook_token
    for query, words in [
        ("from=%2B6281234567890&id=1", "text"),
        ("text=Lampu+mati&id=1", "from"),
        ("from=0812&text=%FF%FE&charset=UTF-8&id=1", "utf-8"),
        ("from=0812&text=abc&charset=EBCDIC&id=1", "charset"),
        ("from=%2B6281234567890&text=Lampu%00mati&id=1", "text"),
        ("from=%2B6281234567890&text=Lampu&id=1%00", "id"),
    ]:
        response = get_kannel(query, token=token)
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("text/plain")
        assert (
            response.content.decode().startswith("malformed:")
            and words in response.content.decode()
        )
    assert not InboxMessage.objects.exists()


def test_it_refuses_an_environment_that_is_not_gammus(
    gammu_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMS_MESSAGES", raising=False)
    with pytest.raises(CommandError, match="SMS_MESSAGES"):
        call_command("sms_receive", "--account", "modem")
    monkeypatch.setenv("SMS_MESSAGES", "1")
    monkeypatch.delenv("SMS_1_NUMBER", raising=False)
    with pytest.raises(CommandError, match="SMS_1_NUMBER"):
        call_command("sms_receive", "--account", "modem")
    assert not InboxMessage.objects.exists()
