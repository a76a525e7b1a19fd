"""A citizen writes to the city's Page: text, then a photo, then a location, through the real
webhook; the worker fetches the photo from a fake CDN and the outbox sends through a fake Send
API on 127.0.0.1. The operator verifies, the supervisor finishes with proof: the citizen hears of
each step once, on Messenger."""

from typing import Any

from laksa.intake.models import ChannelAccount, ContactHandle, InboxMessage
from laksa.notify import outbox
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.images import processed
from tests.intake.chat import assert_each_step_told_once
from tests.intake.facebook.conftest import CDN, PSID, drain, payload, post
from tests.intake.fake_graph import FakeGraph


def test_it_makes_one_report_and_tells_the_citizen_each_step_once(
    graph_account: ChannelAccount,
    graph: FakeGraph,
    clock: Any,
    operator: Any,
    supervisor_a: Any,
) -> None:
    clock.at("2026-12-06T09:00")
    photo = payload("image.json").replace(CDN, graph.base.encode())
    for body in (payload("text.json"), photo, payload("location.json")):
        assert post(body).status_code == 200
        drain()
        clock.shift(minutes=1)
    post(payload("location.json"))  # Meta retries: nothing doubles
    drain()
    outbox.drain(threads=1)

    report = Report.objects.get()
    assert report.channel == Channel.FACEBOOK
    assert report.description == "Lampu jalan mati sudah tiga hari, gelap sekali"
    assert (report.lat, report.lng) == (-6.175, 106.625)
    assert report.photos.count() == 1
    assert report.idempotency_key == "halaman-kota:m_AbCdEfText01-lampu"
    assert list(InboxMessage.objects.order_by("id").values_list("outcome", flat=True)) == [
        "asked",
        "asked",
        "report",
    ]
    assert ContactHandle.objects.get(channel="facebook", handle=PSID).contact == report.contact
    assert report.contact is not None and PSID not in report.contact.name

    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(9)], note="Lampu sudah menyala")
    outbox.drain(threads=1)

    assert all(m["recipient"] == {"id": PSID} for m in graph.sent)
    assert all(m["messaging_type"] == "RESPONSE" for m in graph.sent)
    texts = [m["message"]["text"] for m in graph.sent]
    assert len([t for t in texts if t.startswith("Di mana lokasinya?")]) == 1
    assert_each_step_told_once(report, texts)
    assert len(texts) == 5
