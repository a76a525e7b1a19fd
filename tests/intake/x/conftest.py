"""What the X tests share: the city (two kelurahan, a catch-all category), one X account for
@LaksaKota, the payloads in laksa/intake/x/fixtures/, signed POSTs through the real view, and a
fake X API on 127.0.0.1. The helpers are tests/intake/chat.py's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.x.inbound import SIGNATURE_HEADER, sign
from laksa.org.models import Jurisdiction
from tests.intake import chat
from tests.intake.chat import as_json, drain
from tests.intake.x.fake_x import CONSUMER_SECRET, TOKEN, FakeX

__all__ = ["CONSUMER_SECRET", "as_json", "drain"]

CITY_ID = "1400000000000000001"
CITIZEN = "1555000000000000042"
URL = "/kanal/x/x-kota/"


@dataclass
class Outgoing:
    """What the sender reads of a notify message."""

    recipient: str
    body: str
    subject: str = ""
    send_key: uuid.UUID = field(default_factory=uuid.uuid4)


def payload(name: str) -> bytes:
    return chat.payload("x", name)


def post(body: bytes, *, secret: str | None = CONSUMER_SECRET, signature: str | None = None) -> Any:
    return chat.post_signed(
        URL, body, secret=secret, signature=signature, header=SIGNATURE_HEADER, sign=sign
    )


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    with FakeX() as server:
        yield server


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.X,
        name="x-kota",
        settings={
            "user_id": CITY_ID,
            "screen_name": "LaksaKota",
            "api_base": chat.NOWHERE,
            "media_base": chat.NOWHERE,
        },
        secrets={"consumer_secret": CONSUMER_SECRET, "access_token": TOKEN},
    )


@pytest.fixture
def x_account(account: ChannelAccount, fake_x: FakeX) -> ChannelAccount:
    return chat.served_by(account, fake_x.base, "media_base")
