"""What the Telegram tests share: a bot account pointing at a fake Bot API on 127.0.0.1, the
captured updates in laksa/intake/telegram/fixtures/, and posting them through the real view
(`replies` and the catch-all `lain` are tests/intake/conftest.py's)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import reply_wanted
from laksa.intake.telegram.inbound import SECRET_HEADER
from laksa.org.models import Jurisdiction
from tests.intake import chat
from tests.intake.telegram.fake_bot_api import TOKEN, FakeBotApi

SECRET = "rahasia_webhook-uji"
CHAT = "5123456789"


def update(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(chat.payload("telegram", name))
    return data


def post_update(
    body: bytes | str | dict[str, Any], *, secret: str | None = SECRET, name: str = "bot-kota"
) -> Any:
    raw = json.dumps(body) if isinstance(body, dict) else body
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return Client().post(
        f"/kanal/telegram/{name}/", raw, content_type="application/json", headers=headers
    )


@pytest.fixture
def chat_city(city: Jurisdiction, west: Any, east: Any, lain: Category) -> Jurisdiction:
    """The test city with its two kelurahan (Barat, Timur) and its catch-all category."""
    return city


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi()
    yield fake
    fake.stop()


@pytest.fixture
def bot(chat_city: Jurisdiction, bot_api: FakeBotApi) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=chat_city,
        kind=Kind.TELEGRAM,
        name="bot-kota",
        settings={"api_base": bot_api.url},
        secrets={"bot_token": TOKEN, "secret_token": SECRET},
    )


@pytest.fixture
def report(make_report: Any) -> Any:
    """A report made on the web, its code set to the one status.json asks about."""
    made = make_report()
    made.code = "UJI-2612-00001"
    made.save(update_fields=["code"])
    return made


@pytest.fixture
def asked_only(replies: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The replies intake asks for, with notify's receiver (which queues their texts) off: what
    these tests check is intake's side of the signal."""
    from laksa.notify import enqueue

    reply_wanted.disconnect(dispatch_uid="notify.reply")
    yield replies
    reply_wanted.connect(enqueue.on_reply_wanted, dispatch_uid="notify.reply")
