"""A send's error text is stored on the outbox row and shown to staff: it names the failure, the
provider's host and the HTTP status, never the request's path or query (Kannel's password, the
number and the private link; X's user id; Telegram's bot token) nor a full address or number."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.outbound import PermanentError, TemporaryError, error_for_status, sender_for
from tests.notify.fake_gateway import _free_port

pytestmark = pytest.mark.django_db

NUMBER = "+6281234567293"
LINK = "https://laksa.kota-uji.go.id/r/UJI-2612-00001/Rah4siaSekaliTautanPribadi123/"
BOT_TOKEN = "123456789:AAHrahasiaBotTokenYangPanjang_sekali-12"


@dataclass
class Outgoing:
    recipient: str
    body: str = f"Laporan UJI-2612-00001 diterima. Pantau: {LINK}"
    subject: str = ""
    send_key: uuid.UUID = field(default_factory=uuid.uuid4)


def _failed(kind: str, account: ChannelAccount, recipient: str) -> str:
    with pytest.raises(TemporaryError) as failed:
        sender_for(kind)(Outgoing(recipient), account)
    return str(failed.value)


def test_it_keeps_kannels_password_number_and_link_out(city: Any) -> None:
    port = _free_port()  # nobody listens there
    account = ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.KANNEL,
        name="kannel",
        settings={"send_url": f"http://127.0.0.1:{port}/cgi-bin/sendsms", "username": "laksa"},
        secrets={"password": "KANNEL-PASS"},
    )
    text = _failed("kannel", account, NUMBER)
    assert text.startswith(f"ConnectionError (http://127.0.0.1:{port}): ")
    assert "Connection refused" in text
    for secret in ("KANNEL-PASS", "6281234567293", "sendsms", "Rah4sia", "username", "%2F"):
        assert secret not in text


def test_it_keeps_the_x_user_id_out(city: Any) -> None:
    port = _free_port()
    account = ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.X,
        name="x",
        settings={"api_base": f"http://127.0.0.1:{port}", "consumer_key": "ck"},
        secrets={"access_token": "t", "access_token_secret": "ts", "consumer_secret": "cs"},
    )
    text = _failed("x", account, "1234567890123")
    assert text.startswith(f"ConnectionError (http://127.0.0.1:{port}): ")
    assert "1234567890123" not in text and "dm_conversations" not in text


def test_it_keeps_the_telegram_bot_token_out(city: Any) -> None:
    port = _free_port()
    account = ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.TELEGRAM,
        name="bot",
        settings={"api_base": f"http://127.0.0.1:{port}"},
        secrets={"bot_token": BOT_TOKEN},
    )
    text = _failed("telegram", account, "987654321")
    assert text.startswith(f"ConnectionError (http://127.0.0.1:{port}): ")
    assert "AAHrahasia" not in text and "123456789" not in text and "987654321" not in text


def test_it_keeps_the_providers_own_words_without_addresses() -> None:
    said = (
        f"Recipient 0812-3456-7293 <siti.rahasia@contoh.id> not allowed, see {LINK} "
        f"(code 131030, fbtrace_id AbC123xyz)"
    )
    error = error_for_status(400, said)
    assert isinstance(error, PermanentError) and error.http_status == 400
    assert str(error) == (
        "HTTP 400: Recipient +62 812****293 <si***@contoh.id> not allowed, see "
        "https://laksa.kota-uji.go.id (code 131030, fbtrace_id AbC123xyz)"
    )


def test_it_masks_a_bot_token_and_a_query_whoever_raises_the_error() -> None:
    error = TemporaryError(f"bot{BOT_TOKEN} sendsms?password=KANNEL-PASS&to=0812 failed")
    assert str(error) == "bot••• ?… failed"
