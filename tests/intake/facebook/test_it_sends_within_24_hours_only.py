"""The Send API with messaging_type RESPONSE within 24 hours of the citizen's last message; after
that no request, and a permanent error that tells operators why."""

from typing import Any

import pytest

from laksa.intake.facebook.outbound import send
from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import PermanentError
from laksa.notify.models import Message
from tests.intake.facebook.conftest import PAGE_ID, PSID, drain, payload, post
from tests.intake.fake_graph import FakeGraph


def _message(account: ChannelAccount) -> Message:
    return Message(
        jurisdiction=account.jurisdiction,
        channel="facebook",
        account=account,
        recipient=PSID,
        template_key="done",
        body="Laporan UJI-2612-00001 selesai.",
    )


def test_it_answers_within_the_window_and_refuses_after(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    post(payload("text.json"))
    drain()
    graph.sent.clear()
    graph.paths.clear()

    clock.shift(hours=23)
    sent = send(_message(graph_account), graph_account)
    assert sent.provider_message_id == "m_OUT-1"
    assert graph.paths == [f"/{PAGE_ID}/messages"]
    assert graph.sent == [
        {
            "recipient": {"id": PSID},
            "messaging_type": "RESPONSE",
            "message": {"text": "Laporan UJI-2612-00001 selesai."},
        }
    ]

    clock.shift(hours=2)
    with pytest.raises(PermanentError, match="dalam 24 jam terakhir"):
        send(_message(graph_account), graph_account)
    assert len(graph.sent) == 1


def test_it_uses_me_without_a_page_id(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    graph_account.settings = {"api_base": graph.base}
    graph_account.save(update_fields=["settings"])
    clock.at("2026-12-06T09:00")  # text.json's moment: the window counts from it
    post(payload("text.json"))
    send(_message(graph_account), graph_account)
    assert graph.paths == ["/me/messages"]


def test_it_counts_the_window_from_when_the_citizen_wrote(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    """Meta retries an undelivered webhook for days: text.json, written at 09:00, delivered 25
    hours later opens no window."""
    clock.at("2026-12-07T10:00")
    assert post(payload("text.json")).status_code == 200
    with pytest.raises(PermanentError, match="dalam 24 jam terakhir"):
        send(_message(graph_account), graph_account)
    assert graph.sent == []
