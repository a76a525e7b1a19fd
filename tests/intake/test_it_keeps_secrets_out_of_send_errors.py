"""A send's error text is stored on the outbox row and shown to staff: it names the failure, the
provider's host and the HTTP status, never the request's path or query (Kannel's password, the
number and the private link; X's user id; Telegram's bot token) nor a full address or number.
The sending account's own ids (its WhatsApp number's id, its Page, its user) stay readable where
the outbox stores them, and so do links to a provider's documentation: they are what operators
check to fix the channel."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.outbound import (
    PermanentError,
    SendError,
    TemporaryError,
    error_for_status,
    own_ids,
    safe_error,
    sender_for,
)
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


PAGE_ID = "109876543210987"
PSID = "7654321098765432"
GRAPH_DOCS = "https://developers.facebook.com/docs/graph-api"
META_ANSWER = json.dumps(
    {
        "error": {
            "message": f"Unsupported post request. Object with ID '{PAGE_ID}' does not exist, "
            "cannot be loaded due to missing permissions, or does not support this operation. "
            f"Please read the Graph API documentation at {GRAPH_DOCS}",
            "type": "GraphMethodException",
            "code": 100,
            "error_subcode": 33,
            "fbtrace_id": "AbC123xyz",
        }
    }
).replace("/", "\\/")  # as Meta writes JSON: "https:\/\/developers.facebook.com\/docs…"


def test_it_keeps_the_accounts_own_id_and_the_providers_documentation() -> None:
    error = error_for_status(400, META_ANSWER)
    assert f"'{PAGE_ID}'" not in str(error) and "'109****987'" in str(error)
    stored = error.safe(keep={PAGE_ID, "106540352242922"})
    assert f"Object with ID '{PAGE_ID}' does not exist" in stored
    assert f"documentation at {GRAPH_DOCS}" in stored
    assert stored.startswith("HTTP 400: ") and len(stored) <= SendError.LIMIT


def test_it_still_masks_the_recipient_and_other_numbers_beside_a_kept_id() -> None:
    said = f"(#100) {PSID} cannot get messages from {PAGE_ID}; call 0812-3456-7293 or {PAGE_ID}1"
    assert safe_error(said, recipient=PSID, keep={PAGE_ID}) == (
        f"(#100) 765****432 cannot get messages from {PAGE_ID}; call +62 812****293 or 109****871"
    )


def test_it_keeps_a_documentation_link_whole_but_its_query() -> None:
    said = (
        "see https://core.telegram.org/bots/api#sendmessage, "
        "https://developer.x.com/en/docs/x-api/v2?lang=en&token=abc "
        "https://developers.facebook.com.evil.example/docs/a "
        "http://developers.facebook.com/docs/b "
        "https://user:pw@developers.facebook.com/docs/c "
        "https://graph.facebook.com/v19.0/109876543210987/messages"
    )
    assert safe_error(said) == (
        "see https://core.telegram.org/bots/api#sendmessage, "
        "https://developer.x.com/en/docs/x-api/v2 "
        "https://developers.facebook.com.evil.example "
        "http://developers.facebook.com "
        "https://developers.facebook.com "
        "https://graph.facebook.com"
    )


def test_it_knows_an_accounts_own_ids(city: Any) -> None:
    account = ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.INSTAGRAM,
        name="ig",
        settings={"page_id": PAGE_ID, "ig_user_id": " 17841400000000000 ", "api_base": "x"},
    )
    assert own_ids(account) == {PAGE_ID, "17841400000000000"}
    assert own_ids(None) == frozenset()


def test_it_makes_a_whole_error_page_safe_from_its_start() -> None:
    page = "<html><body>Call 0812-3456-7293. " + "<p>" * 20_000 + "</body></html>"
    error = error_for_status(502, page)
    assert isinstance(error, TemporaryError)
    assert str(error).startswith("HTTP 502: <html><body>Call +62 812****293. <p><p>")
    assert len(str(error)) == SendError.LIMIT and len(error.said) <= 4 * SendError.LIMIT


def test_it_masks_a_number_that_ends_a_sentence_whole() -> None:
    assert safe_error("Refused 0812-3456-7293. Try 6.12345678") == (
        "Refused +62 812****293. Try 6.12345678"
    )
