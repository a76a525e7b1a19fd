"""What the e-mail tests share: the city's catch-all category, a real IMAP server on 127.0.0.1
(tests/intake/email/fake_imap.py) with the account reading it, a Mailgun account, the captured
payloads in laksa/intake/email/fixtures/ and a way to post them signed."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laksa.catalog.models import Category
from laksa.intake.models import ChannelAccount, Kind
from laksa.org.models import Agency, Area, Jurisdiction
from tests.intake.email.fake_imap import PASSWORD, FakeImap

FIXTURES = Path(__file__).resolve().parents[3] / "laksa" / "intake" / "email" / "fixtures"
SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
MORNING = "2026-12-01T09:00"
"""The tests' now (WIB): the first report of the month is UJI-2612-00001."""


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()  # the used Mailgun tokens of another test
    yield
    cache.clear()


@pytest.fixture
def catch_all(city: Jurisdiction, agency_a: Agency, west: Area, east: Area) -> Category:
    """The city's category for messages nobody categorised yet (with both kelurahan around)."""
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
def imap() -> Iterator[FakeImap]:
    server = FakeImap()
    yield server
    server.stop()


@pytest.fixture
def imap_account(city: Jurisdiction, imap: FakeImap, catch_all: Category) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.IMAP,
        name="surel-pengaduan",
        settings=imap.settings(),
        secrets={"password": PASSWORD},
    )


@pytest.fixture
def mailgun_account(city: Jurisdiction, catch_all: Category) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.MAILGUN,
        name="mailgun",
        secrets={"signing_key": SIGNING_KEY},
    )


def signed(fields: dict[str, str], *, at: float, token: str, key: str = SIGNING_KEY) -> None:
    """Fill in Mailgun's timestamp, token and signature, as Mailgun signs them."""
    fields["timestamp"] = str(int(at))
    fields["token"] = token
    fields["signature"] = hmac.new(
        key.encode(), (fields["timestamp"] + token).encode(), hashlib.sha256
    ).hexdigest()


def mailgun_post(**changes: Any) -> tuple[dict[str, Any], dict[str, SimpleUploadedFile]]:
    """The captured Mailgun post (mailgun_post.json): its fields, changed as asked, and files."""
    captured = json.loads((FIXTURES / "mailgun_post.json").read_text())
    fields: dict[str, Any] = captured["fields"] | changes
    files = {
        name: SimpleUploadedFile(
            spec["filename"], fixture_bytes(spec["fixture"]), content_type=spec["content_type"]
        )
        for name, spec in captured["files"].items()
    }
    return fields, files


def post_to_mailgun(client: Client, fields: dict[str, Any], files: dict[str, Any]) -> Any:
    url = reverse("intake:email_mailgun", args=["mailgun"])
    return client.post(url, {k: v for k, v in fields.items() if v is not None} | files)
