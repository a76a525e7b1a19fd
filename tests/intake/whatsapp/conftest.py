"""What the WhatsApp tests share: the city (two kelurahan, a catch-all category), one WhatsApp
account, the captured payloads in laksa/intake/whatsapp/fixtures/, signed POSTs through the
real view, and a fake Graph API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category
from laksa.intake.inbox import handle_pending
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import reply_wanted
from laksa.intake.whatsapp.inbound import SIGNATURE_HEADER, sign
from laksa.org.models import Agency, Jurisdiction
from tests.intake.whatsapp.fake_graph import PHONE_NUMBER_ID, TOKEN, FakeGraph

FIXTURES = Path(__file__).resolve().parents[3] / "laksa" / "intake" / "whatsapp" / "fixtures"
APP_SECRET = "rahasia-aplikasi-uji"
VERIFY_TOKEN = "token-verifikasi-uji"
WA_ID = "6281234567890"


def payload(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def post(body: bytes, *, secret: str | None = APP_SECRET, signature: str | None = None) -> Any:
    headers = {}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    elif secret is not None:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    return Client().post(
        "/kanal/whatsapp/wa-utama/", body, content_type="application/json", headers=headers
    )


def drain() -> int:
    return handle_pending(limit=10_000)


@pytest.fixture
def lain(city: Jurisdiction, agency_a: Agency) -> Category:
    return Category.objects.create(
        jurisdiction=city,
        code="LAIN",
        group="Lainnya",
        name_id="Lainnya",
        name_en="Other",
        agency=agency_a,
        catch_all=True,
    )


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph() as server:
        yield server


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.WHATSAPP,
        name="wa-utama",
        settings={"phone_number_id": PHONE_NUMBER_ID, "api_base": "http://127.0.0.1:9"},
        secrets={"verify_token": VERIFY_TOKEN, "app_secret": APP_SECRET, "access_token": TOKEN},
    )


@pytest.fixture
def graph_account(account: ChannelAccount, graph: FakeGraph) -> ChannelAccount:
    account.settings = {**account.settings, "api_base": graph.base}
    account.save(update_fields=["settings"])
    return account


@pytest.fixture
def replies() -> Iterator[list[dict[str, Any]]]:
    asked: list[dict[str, Any]] = []

    def keep(sender: Any, **kwargs: Any) -> None:
        asked.append({k: v for k, v in kwargs.items() if k != "signal"})

    reply_wanted.connect(keep, dispatch_uid="whatsapp-tests")
    yield asked
    reply_wanted.disconnect(dispatch_uid="whatsapp-tests")


def as_json(response: Any) -> dict[str, Any]:
    return json.loads(response.content)  # type: ignore[no-any-return]
