"""Helpers the chat channel tests share (WhatsApp, Messenger, Instagram, X): a channel's captured
payloads, a body POSTed signed through the real view, the inbox drained, the answer read, and a
Meta account whose Graph API is a fake, and what the citizen must have been told. Each folder's conftest binds them to its URL and secrets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client

from laksa.intake import meta
from laksa.intake.inbox import handle_pending
from laksa.intake.models import ChannelAccount
from laksa.notify.models import Message, MessageStatus
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report
from tests.intake.whatsapp.fake_graph import TOKEN

INTAKE = Path(__file__).resolve().parents[2] / "laksa" / "intake"
APP_SECRET = "rahasia-aplikasi-uji"
VERIFY_TOKEN = "token-verifikasi-uji"
NOWHERE = "http://127.0.0.1:9"
"""An API base nothing answers on, until a test points the account at its fake."""


def payload(channel: str, name: str) -> bytes:
    """A captured payload, laksa/intake/<channel>/fixtures/<name>."""
    return (INTAKE / channel / "fixtures" / name).read_bytes()


def post_signed(
    url: str,
    body: bytes,
    *,
    secret: str | None,
    signature: str | None = None,
    header: str = meta.SIGNATURE_HEADER,
    sign: Callable[[str, bytes], str] = meta.sign,
) -> Any:
    """POST the body as JSON with `signature` in the header, or else the body signed with
    `secret`, or else no signature at all."""
    headers = {}
    if signature is not None:
        headers[header] = signature
    elif secret is not None:
        headers[header] = sign(secret, body)
    return Client().post(url, body, content_type="application/json", headers=headers)


def drain() -> int:
    return handle_pending(limit=10_000)


def as_json(response: Any) -> dict[str, Any]:
    return json.loads(response.content)  # type: ignore[no-any-return]


def meta_account(city: Jurisdiction, kind: str, name: str, **settings: str) -> ChannelAccount:
    """A WhatsApp, Messenger or Instagram account with the test app's secrets, its Graph API
    NOWHERE until `served_by` points it at a fake."""
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=kind,
        name=name,
        settings={**settings, "api_base": NOWHERE},
        secrets={"verify_token": VERIFY_TOKEN, "app_secret": APP_SECRET, "access_token": TOKEN},
    )


def served_by(account: ChannelAccount, base: str, *keys: str) -> ChannelAccount:
    """The account with its `api_base` (and any other base named) at a fake's address."""
    account.settings = {**account.settings, **dict.fromkeys(("api_base", *keys), base)}
    account.save(update_fields=["settings"])
    return account


def sent_message(account: ChannelAccount, recipient: str, provider_message_id: str) -> Message:
    """An acknowledgement already sent through the account, as the platform's receipts name it."""
    return Message.objects.create(
        jurisdiction=account.jurisdiction,
        channel=account.channel,
        account=account,
        recipient=recipient,
        template_key="ack",
        body="Laporan UJI-2612-00001 diterima.",
        status=MessageStatus.SENT,
        provider_message_id=provider_message_id,
    )


def assert_each_step_told_once(report: Report, texts: list[str]) -> None:
    """The report's news (received, with its code; verified; dispatched; done) all sent, each
    text among `texts` once, the last with the link to the before-and-after page."""
    news = list(report.messages.order_by("id").values_list("template_key", "body", "status"))
    assert [key for key, _body, _status in news] == ["ack", "verified", "dispatched", "done"]
    assert news[0][1].startswith(f"Laporan {report.code} diterima")
    for _key, body, status in news:
        assert status == "sent"
        assert texts.count(body) == 1  # each step once
    assert report.secret in news[-1][1]
