"""A citizen DMs the city's X account a text, then a photo, then a shared location, through the
real webhook; the worker fetches the photo from a fake X API on 127.0.0.1 and the outbox answers
by DM through it. The report is then verified, taken up and finished with proof: the citizen hears
each step once, by DM, and nothing public shows who they are on X."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from laksa.intake.models import ChannelAccount, ContactHandle, InboxMessage
from laksa.notify import outbox
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.images import processed
from tests.intake.x.conftest import CITIZEN, drain, payload, post
from tests.intake.x.fake_x import FakeX


def test_it_makes_one_report_and_tells_the_citizen_each_step_once(
    x_account: ChannelAccount,
    fake_x: FakeX,
    operator: User,
    supervisor_a: User,
    clock: Any,
) -> None:
    clock.at("2026-12-06T09:00")
    for name in ("dm_text.json", "dm_photo.json", "dm_location.json"):
        assert post(payload(name)).status_code == 200
        drain()
        clock.shift(minutes=1)
    # X retries the location, and echoes the city's own answer: nothing doubles.
    post(payload("dm_location.json"))
    post(payload("dm_own.json"))
    drain()
    outbox.drain()

    report = Report.objects.get()
    assert report.channel == Channel.X
    assert report.description == "Lampu jalan mati sudah tiga hari, gelap sekali"
    assert (report.lat, report.lng) == (-6.175, 106.625)
    assert report.photos.count() == 1
    assert report.idempotency_key == "x-kota:1865000000000000101"
    assert [row.outcome for row in InboxMessage.objects.order_by("id")] == [
        "asked",
        "asked",
        "report",
    ]
    assert ContactHandle.objects.get(channel="x", handle=CITIZEN).contact == report.contact
    media = [p for m, p in fake_x.requests if m == "GET"]
    assert media == [
        "/2/dm_conversations/media/1865000000000000102/1865000000000000555/hVJQTwig.jpg"
    ]

    assert all(m["to"] == CITIZEN for m in fake_x.sent)
    texts = [m["text"] for m in fake_x.sent]
    assert len([t for t in texts if t.startswith("Di mana lokasinya?")]) == 1
    acknowledged = [t for t in texts if report.code in t]
    assert len(acknowledged) == 1
    assert acknowledged[0].startswith(f"Laporan {report.code} diterima")
    assert len(texts) == 2

    actions.verify_report(report, by=operator)
    outbox.drain()
    actions.accept_job(report, by=supervisor_a)
    outbox.drain()
    actions.finish_job(report, by=supervisor_a, proof=[processed(78)], note="Lampu sudah menyala")
    outbox.drain()
    outbox.drain()  # nothing is sent twice

    news = [m["text"] for m in fake_x.sent[2:]]
    assert len(news) == 3
    assert all(report.code in text for text in news)
    assert len(set(news)) == 3
    assert all(m["to"] == CITIZEN for m in fake_x.sent)
    assert not [p for m, p in fake_x.requests if m == "POST" and "tweets" in p]

    report.refresh_from_db()
    for url in ("/", f"/r/{report.code}/", "/peta/data.json", f"/api/v1/reports/{report.code}"):
        body = Client().get(url).content.decode()
        for private in (CITIZEN, "sitirahma_tgr", "Siti Rahma"):
            assert private not in body, f"{private} shown at {url}"
