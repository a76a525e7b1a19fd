"""A photo link that has expired is left out (the text still counts); a CDN that cannot answer
now (5xx) leaves the row pending for a retry."""

from typing import Any

from laksa.intake.models import ChannelAccount, Conversation, InboxMessage
from tests.intake.facebook.conftest import CDN, drain, payload, post
from tests.intake.fake_graph import FakeGraph


def test_it_leaves_out_an_expired_link(graph_account: ChannelAccount, graph: FakeGraph) -> None:
    post(payload("image.json").replace(CDN, f"{graph.base}/expired".encode()))
    drain()
    assert InboxMessage.objects.get().outcome == "asked"
    assert not Conversation.objects.get().photos.exists()


def test_it_retries_when_the_cdn_is_busy(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    post(payload("image.json").replace(CDN, f"{graph.base}/busy".encode()))
    drain()
    row = InboxMessage.objects.get()
    assert row.handled_at is None and row.attempts == 1
    assert "503" in row.last_error
    assert Conversation.objects.count() == 0
