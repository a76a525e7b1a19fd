"""A post that mentions the city becomes a report (its words without the @handles and the photo's
link, its photo, its point), and the citizen is answered by direct message, never by a public
reply."""

import json
from typing import Any

from laksa.intake.models import ChannelAccount
from laksa.notify import outbox
from laksa.reports.models import Channel, Report
from tests.intake.x.conftest import CITIZEN, drain, payload, post
from tests.intake.x.fake_x import FakeX


def test_it_makes_a_report_of_a_mention_with_coordinates(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:05")
    assert post(payload("mention.json")).status_code == 200
    drain()
    outbox.drain()
    report = Report.objects.get()
    assert report.channel == Channel.X
    words = "Jalan berlubang besar di depan pasar, sudah ada motor jatuh & lecet"
    assert report.description == words
    assert (report.lat, report.lng) == (-6.175, 106.635)
    assert report.photos.count() == 1
    assert [m["to"] for m in fake_x.sent] == [CITIZEN]
    assert fake_x.sent[0]["text"].startswith(f"Laporan {report.code} diterima")
    assert fake_x.requests == [
        ("GET", "/media/GdX1aBcW8AA3xyz.jpg"),
        ("POST", f"/2/dm_conversations/with/{CITIZEN}/messages"),
    ]


def test_it_makes_a_report_of_an_activity_mention_tagged_with_a_place(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:10")
    assert post(payload("activity_mention.json")).status_code == 200
    drain()
    report = Report.objects.get()
    assert report.description == "Pohon tumbang menutup jalan di taman kota"
    assert (round(report.lat, 6), round(report.lng, 6)) == (-6.175, 106.625)
    assert report.photos.count() == 1
    assert ("GET", "/media/GdX2cDeY9BB4abc.jpg") in fake_x.requests


def test_it_fetches_no_photo_from_another_host(
    x_account: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:15")
    data = json.loads(payload("mention.json"))
    for photo in data["tweet_create_events"][0]["extended_entities"]["media"]:
        photo["media_url_https"] = "https://contoh.example/media/GdX1aBcW8AA3xyz.jpg"
    post(json.dumps(data).encode())
    drain()
    assert Report.objects.get().photos.count() == 0
    assert not [path for method, path in fake_x.requests if method == "GET"]
