"""What the WhatsApp tests share: the city (two kelurahan, a catch-all category), one WhatsApp
account, the captured payloads in laksa/intake/whatsapp/fixtures/, signed POSTs through the
real view, and a fake Graph API on 127.0.0.1. The helpers are tests/intake/chat.py's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.notify.models import Message
from laksa.org.models import Jurisdiction
from tests.intake import chat
from tests.intake.chat import APP_SECRET, VERIFY_TOKEN, as_json, drain
from tests.intake.whatsapp.fake_graph import PHONE_NUMBER_ID, FakeGraph

__all__ = ["APP_SECRET", "VERIFY_TOKEN", "as_json", "drain"]

WA_ID = "6281234567890"
URL = "/kanal/whatsapp/wa-utama/"


def payload(name: str) -> bytes:
    return chat.payload("whatsapp", name)


def post(body: bytes, *, secret: str | None = APP_SECRET, signature: str | None = None) -> Any:
    return chat.post_signed(URL, body, secret=secret, signature=signature)


def sent_message(account: ChannelAccount) -> Message:
    """An acknowledgement already sent through the account, as Meta's receipts name it."""
    return chat.sent_message(account, WA_ID, "wamid.OUT-1")


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph() as server:
        yield server


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return chat.meta_account(city, Kind.WHATSAPP, "wa-utama", phone_number_id=PHONE_NUMBER_ID)


@pytest.fixture
def graph_account(account: ChannelAccount, graph: FakeGraph) -> ChannelAccount:
    return chat.served_by(account, graph.base)
