"""Free text within 24 hours of the citizen's last message; after that the configured template."""

from typing import Any

from laksa.intake.models import ChannelAccount
from laksa.intake.whatsapp.outbound import send
from laksa.notify.models import Message
from tests.intake.whatsapp.conftest import WA_ID, drain, payload, post
from tests.intake.whatsapp.fake_graph import FakeGraph


def _message(account: ChannelAccount) -> Message:
    return Message(
        jurisdiction=account.jurisdiction,
        channel="whatsapp",
        account=account,
        recipient=WA_ID,
        template_key="done",
        body="Laporan UJI-2612-00001 selesai.",
    )


def test_it_sends_text_within_the_window_and_a_template_after(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    graph_account.settings = {**graph_account.settings, "template_name": "kabar_laporan"}
    graph_account.save(update_fields=["settings"])
    clock.at("2026-12-06T09:00")
    post(payload("text.json"))
    drain()
    graph.sent.clear()

    clock.shift(hours=23)
    sent = send(_message(graph_account), graph_account)
    assert sent.provider_message_id == "wamid.OUT-1"
    assert graph.sent[-1]["type"] == "text"
    assert graph.sent[-1]["text"]["body"] == "Laporan UJI-2612-00001 selesai."

    clock.shift(hours=2)
    send(_message(graph_account), graph_account)
    template = graph.sent[-1]
    assert template["type"] == "template"
    assert template["template"]["name"] == "kabar_laporan"
    parameters = template["template"]["components"][0]["parameters"]
    assert parameters == [{"type": "text", "text": "Laporan UJI-2612-00001 selesai."}]
    assert template["to"] == WA_ID
