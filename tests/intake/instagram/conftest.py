"""What the Instagram tests share: the city (two kelurahan, a catch-all category), one
professional account, the payloads in laksa/intake/instagram/fixtures/, signed POSTs through the
real view, and the fake Graph API on 127.0.0.1 (tests/intake/fake_graph.py). The helpers are
tests/intake/chat.py's."""

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

IG_USER_ID = "17841400123456789"
IGSID = "1234567890123456"
COMMENTER = "9876543210987654"
COMMENT_ID = "17865799348089039"
CDN = b"https://lookaside.fbsbx.com"
URL = "/kanal/instagram/ig-kota/"


def payload(name: str) -> bytes:
    return chat.payload("instagram", name)


def post(body: bytes, *, secret: str | None = APP_SECRET, signature: str | None = None) -> Any:
    return chat.post_signed(URL, body, secret=secret, signature=signature)


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph() as server:
        yield server


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return chat.meta_account(city, Kind.INSTAGRAM, "ig-kota", ig_user_id=IG_USER_ID)


@pytest.fixture
def graph_account(account: ChannelAccount, graph: FakeGraph) -> ChannelAccount:
    return chat.served_by(account, graph.base)
