"""A citizen sends text, then a photo, then a location pin, through the real webhook; the
worker fetches the photo from a fake Graph API on 127.0.0.1 and the outbox sends through it. The
operator verifies, the supervisor finishes with proof: the citizen hears of each step once, with
the before-and-after link at the end."""

from typing import Any

from laksa.intake.models import ChannelAccount, ContactHandle, InboxMessage
from laksa.notify import outbox
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.images import processed
from tests.intake.chat import assert_each_step_told_once
from tests.intake.whatsapp.conftest import WA_ID, drain, payload, post
from tests.intake.whatsapp.fake_graph import FakeGraph


def test_it_makes_one_report_with_the_photo_and_the_point(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any, operator: Any, supervisor_a: Any
) -> None:
    clock.at("2025-12-06T12:00")  # when the captured messages say they were written (WIB)
    for name in ("text.json", "image.json", "location.json"):
        assert post(payload(name)).status_code == 200
        drain()
        clock.shift(minutes=1)
    # Meta retries the location: nothing doubles.
    post(payload("location.json"))
    drain()
    outbox.drain(threads=1)  # the window is read from the test's own (uncommitted) rows

    report = Report.objects.get()
    assert report.channel == Channel.WHATSAPP
    assert report.description == "Lampu jalan mati sudah tiga hari, gelap sekali"
    assert (report.lat, report.lng) == (-6.175, 106.625)
    assert report.photos.count() == 1
    assert report.idempotency_key.startswith("wa-utama:wamid.")
    assert [row.outcome for row in InboxMessage.objects.order_by("id")] == [
        "asked",
        "asked",
        "report",
    ]
    assert ContactHandle.objects.get(channel="whatsapp", handle=WA_ID).contact == report.contact

    texts = [m["text"]["body"] for m in graph.sent if m["type"] == "text"]
    assert all(m["to"] == WA_ID for m in graph.sent)
    with_code = [t for t in texts if report.code in t]
    assert len(with_code) == 1  # the acknowledgement, once
    assert with_code[0].startswith(f"Laporan {report.code} diterima")
    asks = [t for t in texts if t.startswith("Di mana lokasinya?")]
    assert len(asks) == 1  # asked once, not again after the photo
    assert len(texts) == 2

    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(9)], note="Lampu sudah menyala")
    outbox.drain(threads=1)  # the window is read from the test's own (uncommitted) rows
    texts = [m["text"]["body"] for m in graph.sent if m["type"] == "text"]
    assert_each_step_told_once(report, texts)
    assert all(m["to"] == WA_ID for m in graph.sent)
