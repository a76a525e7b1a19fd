"""What the Telegram tests share: a bot account pointing at a fake Bot API on 127.0.0.1, the
captured updates in laksa/intake/telegram/fixtures/, and posting them through the real view."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import reply_wanted
from laksa.intake.telegram.inbound import SECRET_HEADER
from laksa.org.models import Agency, Jurisdiction
from tests.intake.telegram.fake_bot_api import TOKEN, FakeBotApi

FIXTURES = Path(__file__).resolve().parents[3] / "laksa" / "intake" / "telegram" / "fixtures"
SECRET = "rahasia_webhook-uji"
CHAT = "5123456789"


def update(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
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
def chat_city(city: Jurisdiction, west: Any, east: Any, agency_a: Agency) -> Jurisdiction:
    """The test city with its two kelurahan (Barat, Timur) and its catch-all category."""
    Category.objects.create(
        jurisdiction=city,
        code="LAIN",
        group="Lainnya",
        name_id="Lainnya",
        name_en="Other",
        agency=agency_a,
        catch_all=True,
    )
    return city


@pytest.fixture
def replies() -> Iterator[list[dict[str, Any]]]:
    """Every reply intake asks for (intake.replies.reply_wanted), as keyword arguments."""
    asked: list[dict[str, Any]] = []

    def keep(sender: Any, **kwargs: Any) -> None:
        asked.append({k: v for k, v in kwargs.items() if k != "signal"})

    reply_wanted.connect(keep, dispatch_uid="telegram-tests")
    yield asked
    reply_wanted.disconnect(dispatch_uid="telegram-tests")


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
