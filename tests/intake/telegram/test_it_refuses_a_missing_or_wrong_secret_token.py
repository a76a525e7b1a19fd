"""Telegram signs nothing: the secret token header is the proof. Missing is 401, wrong 403, and
nothing is stored, not even in the inbox."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import InboxMessage
from tests.intake.telegram.conftest import post_update, update


def test_it_refuses_an_update_without_the_header(bot: Any, replies: Any) -> None:
    response = post_update(update("text.json"), secret=None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthenticated"
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_the_forged_request(bot: Any, replies: Any) -> None:
    forged = update("forged_request.json")
    [secret] = forged["headers"].values()
    for guess in (secret, "rahasia_webhook-uj", "rahasia_webhook-uji "):
        response = post_update(forged["body"], secret=guess)
        assert response.status_code == 403, guess
    assert not InboxMessage.objects.exists() and replies == []


def test_it_refuses_everything_for_an_account_without_a_secret_token(bot: Any) -> None:
    bot.secrets = {"bot_token": bot.secret("bot_token")}
    bot.save(update_fields=["secrets"])
    assert post_update(update("text.json"), secret="x").status_code == 403
    assert not InboxMessage.objects.exists()


def test_it_does_not_know_an_inactive_bot(bot: Any) -> None:
    bot.active = False
    bot.save(update_fields=["active"])
    assert post_update(update("text.json")).status_code == 404
    assert not InboxMessage.objects.exists()
