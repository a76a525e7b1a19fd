"""A webhook without its token or signature is 401, with a wrong one 403; nothing is stored (not
even in the inbox) and nobody is answered."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from laksa.intake.sms.inbound import sign
from tests.intake.sms.conftest import fixture_bytes, fixture_text, get_kannel, post_gateway


def test_it_refuses_a_gateway_message_without_a_signature(
    gateway_account: Any, replies: Any
) -> None:
    response = post_gateway(fixture_bytes("gateway_message.json"), secret=None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthenticated"
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_a_forged_gateway_signature(gateway_account: Any, replies: Any) -> None:
    body = fixture_bytes("gateway_message.json")
    for signature in (sign("tebakan", body), "sha256=", "sha256=zz", "not-a-signature"):
        response = post_gateway(body, signature=signature)
        assert response.status_code == 403, signature
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_a_body_changed_after_signing(gateway_account: Any) -> None:
    body = fixture_bytes("gateway_message.json")
    signature = sign("rahasia-gateway-uji-123", body)
    response = post_gateway(body.replace(b"Lampu", b"Pohon"), signature=signature)
    assert response.status_code == 403 and not InboxMessage.objects.exists()


def test_it_refuses_everything_for_an_account_without_a_secret(gateway_account: Any) -> None:
    gateway_account.secrets = {}
    gateway_account.save(update_fields=["secrets"])
    response = post_gateway(fixture_bytes("gateway_message.json"), secret="")
    assert response.status_code in (401, 403) and not InboxMessage.objects.exists()
    response = post_gateway(fixture_bytes("gateway_message.json"), signature=sign("", b""))
    assert response.status_code == 403 and not InboxMessage.objects.exists()


def test_it_refuses_kannel_without_its_token(kannel_account: Any, replies: Any) -> None:
    response = get_kannel(fixture_text("kannel_get_lapor.query"), token=None)
    assert response.status_code == 401 and response["Content-Type"].startswith("text/plain")
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_kannel_with_a_wrong_token(kannel_account: Any, replies: Any) -> None:
    for token in ("salah", kannel_account.webhook_token[:-1], ""):
        response = get_kannel(fixture_text("kannel_get_lapor.query"), token=token or "x")
        assert response.status_code == 403
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_an_inactive_account(kannel_account: Any) -> None:
    kannel_account.active = False
    kannel_account.save(update_fields=["active"])
    query = fixture_text("kannel_get_lapor.query")
    response = get_kannel(query, token=kannel_account.webhook_token)
    assert response.status_code == 404 and not InboxMessage.objects.exists()
