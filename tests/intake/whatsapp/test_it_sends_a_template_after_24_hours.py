"""Free text within 24 hours of the citizen's last message (counted from when they wrote it, not
from when Meta delivered it); after that the configured template, its parameter a text Meta
takes."""

from datetime import datetime, timedelta
from typing import Any

import pytest

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import PermanentError
from laksa.intake.whatsapp.outbound import MAX_PARAMETER, parameter, send
from laksa.notify.models import Message
from tests.intake.whatsapp.conftest import WA_ID, drain, payload, post
from tests.intake.whatsapp.fake_graph import FakeGraph

WRITTEN = b'"timestamp": "1764997200"'
"""text.json's moment, replaced in these tests by the one they need."""


def _message(account: ChannelAccount, body: str = "Laporan UJI-2612-00001 selesai.") -> Message:
    return Message(
        jurisdiction=account.jurisdiction,
        channel="whatsapp",
        account=account,
        recipient=WA_ID,
        template_key="done",
        body=body,
    )


def _written_at(moment: datetime) -> bytes:
    """text.json as if the citizen wrote it at `moment`."""
    return payload("text.json").replace(WRITTEN, b'"timestamp": "%d"' % moment.timestamp())


def _with_template(account: ChannelAccount) -> ChannelAccount:
    account.settings = {**account.settings, "template_name": "kabar_laporan"}
    account.save(update_fields=["settings"])
    return account


def test_it_sends_text_within_the_window_and_a_template_after(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    _with_template(graph_account)
    post(_written_at(clock.at("2026-12-06T09:00")))
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


def test_it_counts_the_window_from_when_the_citizen_wrote(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    """Meta retries an undelivered webhook for days: a message written 25 hours ago and
    delivered now opens no window."""
    _with_template(graph_account)
    now = clock.at("2026-12-06T09:00")
    assert post(_written_at(now - timedelta(hours=25))).status_code == 200
    send(_message(graph_account), graph_account)
    assert graph.sent[-1]["type"] == "template"


def test_it_counts_a_time_ahead_of_the_delivery_from_the_delivery(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    """A timestamp in the future (a clock ahead) keeps no window open past 24 hours of when the
    message came; one that does not read counts from then too."""
    _with_template(graph_account)
    now = clock.at("2026-12-06T09:00")
    post(_written_at(now + timedelta(days=3)))
    post(
        payload("text.json")
        .replace(WRITTEN, b'"timestamp": "kemarin"')
        .replace(b'"id": "wamid.', b'"id": "wamid.2')
    )
    clock.shift(hours=23)
    send(_message(graph_account), graph_account)
    assert graph.sent[-1]["type"] == "text"
    clock.shift(hours=2)
    send(_message(graph_account), graph_account)
    assert graph.sent[-1]["type"] == "template"


def test_it_sends_the_template_parameter_on_one_line(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    """Meta refuses a parameter with a newline, a tab or more than four spaces in a row (error
    132018); notify's texts are paragraphs."""
    _with_template(graph_account)
    clock.at("2026-12-06T09:00")
    body = "Laporan UJI-2612-00001 selesai.\n\nBeri nilai:\thttps://x/y\n\n     Kota Uji"
    send(_message(graph_account, body), graph_account)
    text = graph.sent[-1]["template"]["components"][0]["parameters"][0]["text"]
    assert text == "Laporan UJI-2612-00001 selesai. Beri nilai: https://x/y Kota Uji"


def test_it_cuts_a_long_parameter_after_a_whole_word() -> None:
    text = parameter("kata " * 300)
    assert len(text) <= MAX_PARAMETER and text.endswith("kata…")
    assert parameter("x" * 2000) == "x" * (MAX_PARAMETER - 1) + "…"
    exact = "a" * MAX_PARAMETER
    assert parameter(exact) == exact


def test_without_a_template_it_fails_after_the_window_without_asking_meta(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    """Meta refuses free text after 24 hours (error 131047): the message fails for good at once,
    telling operators what to set, and nothing is sent; within the window text goes as before."""
    post(_written_at(clock.at("2026-12-06T09:00")))
    drain()
    graph.sent.clear()
    clock.shift(hours=23)
    send(_message(graph_account), graph_account)
    assert graph.sent[-1]["type"] == "text"
    clock.shift(hours=2)
    with pytest.raises(PermanentError, match="template_name"):
        send(_message(graph_account), graph_account)
    assert len(graph.sent) == 1
