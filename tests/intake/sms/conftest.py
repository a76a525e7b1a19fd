"""What the SMS tests share: the city's catch-all category, one account of each SMS kind, the
captured payloads in laksa/intake/sms/fixtures/, the replies intake asked notify for, and the
drain that turns what the doors accepted into reports (the huey worker's job in service)."""

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
from laksa.intake.sms.inbound import SIGNATURE_HEADER, sign
from laksa.org.models import Agency, Jurisdiction

FIXTURES = Path(__file__).resolve().parents[3] / "laksa" / "intake" / "sms" / "fixtures"
SECRET = "rahasia-gateway-uji-123"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def gammu_env(name: str) -> dict[str, str]:
    """A RunOnReceive environment from its .env fixture (KEY=VALUE lines)."""
    pairs = (line.split("=", 1) for line in fixture_text(name).splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def drain() -> int:
    """Handle everything the doors accepted, as the worker would after commit."""
    return handle_pending(limit=10_000)


@pytest.fixture
def huey_immediate() -> Iterator[None]:
    """huey runs a task when it is enqueued, in memory (nothing written to the queue's file)."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture
def lain(city: Jurisdiction, agency_a: Agency) -> Category:
    """The city's catch-all: where a message lands when no category's keywords match."""
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
def sms_city(city: Jurisdiction, west: Any, east: Any, lain: Category) -> Jurisdiction:
    """The test city with its two kelurahan (Barat, Timur) and its catch-all category."""
    return city


@pytest.fixture
def gateway_account(sms_city: Jurisdiction) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=sms_city, kind=Kind.SMS_GATEWAY, name="sms-gateway", secrets={"secret": SECRET}
    )


@pytest.fixture
def kannel_account(sms_city: Jurisdiction) -> ChannelAccount:
    return ChannelAccount.objects.create(jurisdiction=sms_city, kind=Kind.KANNEL, name="kannel")


@pytest.fixture
def gammu_account(sms_city: Jurisdiction) -> ChannelAccount:
    return ChannelAccount.objects.create(jurisdiction=sms_city, kind=Kind.GAMMU, name="modem")


@pytest.fixture
def replies() -> Iterator[list[dict[str, Any]]]:
    """Every reply intake asks for (intake.replies.reply_wanted), as keyword arguments."""
    asked: list[dict[str, Any]] = []

    def keep(sender: Any, **kwargs: Any) -> None:
        asked.append({k: v for k, v in kwargs.items() if k != "signal"})

    reply_wanted.connect(keep, dispatch_uid="sms-tests")
    yield asked
    reply_wanted.disconnect(dispatch_uid="sms-tests")


def post_gateway(
    body: bytes | str | dict[str, Any],
    *,
    name: str = "sms-gateway",
    secret: str | None = SECRET,
    signature: str | None = None,
) -> Any:
    """POST a gateway webhook through the real view, signed with `secret` unless `signature`
    (or no signature: secret=None) is given."""
    if isinstance(body, dict):
        body = json.dumps(body)
    raw = body.encode() if isinstance(body, str) else body
    headers = {}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    elif secret is not None:
        headers[SIGNATURE_HEADER] = sign(secret, raw)
    return Client().post(
        f"/kanal/sms/gateway/{name}/", raw, content_type="application/json", headers=headers
    )


def get_kannel(query: str, *, token: str | None, name: str = "kannel") -> Any:
    """GET Kannel's get-url with the raw query string (as Kannel sends it) and a token."""
    if token is not None:
        query = f"{query}&token={token}"
    return Client().get(f"/kanal/sms/kannel/{name}/", QUERY_STRING=query)
