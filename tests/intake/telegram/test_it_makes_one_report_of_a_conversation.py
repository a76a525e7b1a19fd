"""End to end against a fake Bot API on 127.0.0.1: a citizen sends text, then a photo, then a
location pin; one report exists with the photo and the point, and the acknowledgement with its
code reaches the chat through sendMessage exactly once, however often Telegram retries. The
operator verifies, the supervisor finishes with proof: each step reaches the chat once."""

from __future__ import annotations

from typing import Any

from laksa.intake.inbox import handle_pending
from laksa.intake.models import InboxMessage
from laksa.notify import outbox
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.images import make_image, processed
from tests.intake.telegram.conftest import CHAT, post_update, update


def test_it_makes_one_report_of_text_photo_and_location(
    bot: Any, bot_api: Any, clock: Any, operator: Any, supervisor_a: Any
) -> None:
    clock.at("2026-12-01T09:00")
    bot_api.state.files["AgACAgUAAxkBAAMqZ-large"] = make_image(seed=7, size=(800, 600))
    for name in ("text.json", "photo.json", "photo.json", "location.json", "location.json"):
        assert post_update(update(name)).status_code == 200
        handle_pending(limit=100)
        outbox.drain(threads=1)
        clock.shift(seconds=20)
    assert post_update(update("text.json")).status_code == 200  # a late retry of the first
    assert handle_pending(limit=100) == 0 and outbox.drain(threads=1) == 0

    report = Report.objects.get()
    assert report.channel == Channel.TELEGRAM
    assert (report.lat, report.lng) == (-6.175, 106.625)
    assert "Lampu jalan mati" in report.description
    assert report.photos.count() == 1
    assert bot_api.state.downloads == ["AgACAgUAAxkBAAMqZ-large"]
    outcomes = dict(InboxMessage.objects.values_list("message_id", "outcome"))
    assert outcomes == {"871234501": "asked", "871234502": "asked", "871234503": "report"}

    to_chat = [m for m in bot_api.sent if m["chat_id"] == CHAT]
    assert len(to_chat) == len(bot_api.sent)
    acknowledged = [m for m in to_chat if report.code in m["text"]]
    assert len(acknowledged) == 1
    asked_where = [m for m in to_chat if "lokasi" in m["text"].lower()]
    assert len(asked_where) == 1 and asked_where[0] is to_chat[0]  # asked once, before the report

    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(9)], note="Lampu sudah menyala")
    outbox.drain(threads=1)
    texts = [m["text"] for m in bot_api.sent]
    news = list(report.messages.order_by("id").values_list("template_key", "body", "status"))
    assert [key for key, _body, _status in news] == ["ack", "verified", "dispatched", "done"]
    for _key, body, status in news:
        assert status == "sent" and texts.count(body) == 1  # each step once
    assert report.secret in news[-1][1]  # the before-and-after page
