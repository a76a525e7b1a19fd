"""What the Messenger tests share: the city (two kelurahan, a catch-all category), one Page
account, the payloads in laksa/intake/facebook/fixtures/, signed POSTs through the real view, and
the fake Graph API on 127.0.0.1 (tests/intake/fake_graph.py). The helpers are tests/intake/chat.py's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.org.models import Jurisdiction
from tests.intake import chat
from tests.intake.chat import APP_SECRET, VERIFY_TOKEN, as_json, drain
from tests.intake.fake_graph import FakeGraph

__all__ = ["APP_SECRET", "VERIFY_TOKEN", "as_json", "drain"]

PAGE_ID = "104523987654321"
PSID = "6543210987654321"
CDN = b"https://scontent.xx.fbcdn.net"
URL = "/kanal/facebook/halaman-kota/"


def payload(name: str) -> bytes:
    return chat.payload("facebook", name)


def post(body: bytes, *, secret: str | None = APP_SECRET, signature: str | None = None) -> Any:
    return chat.post_signed(URL, body, secret=secret, signature=signature)


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph() as server:
        yield server


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return chat.meta_account(city, Kind.MESSENGER, "halaman-kota", page_id=PAGE_ID)


@pytest.fixture
def graph_account(account: ChannelAccount, graph: FakeGraph) -> ChannelAccount:
    return chat.served_by(account, graph.base)
