"""A complaint made as a comment on the city's Page post becomes a report; the acknowledgement
goes as the comment's one private reply; the next news, with no message from the citizen in 24
hours, fails for operators to see. The Page's own comments, edits and removals make nothing; a
replayed comment is one row."""

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from laksa.intake.facebook.webhooks import FIELDS
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify import outbox
from laksa.notify.models import MessageStatus
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.intake.facebook.conftest import PAGE_ID, drain, payload, post
from tests.intake.fake_graph import FakeGraph

COMMENT_ID = "9988776655_1122334455"
COMMENTER = "5432109876543210"


def _changed(**value: Any) -> bytes:
    data = json.loads(payload("comment.json"))
    data["entry"][0]["changes"][0]["value"].update(value)
    return json.dumps(data).encode()


def test_it_answers_a_comment_privately_once(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any, operator: Any
) -> None:
    clock.at("2026-12-06T09:00")
    assert post(payload("comment.json")).status_code == 200
    assert post(payload("comment.json")).status_code == 200  # Meta's retry: the same row
    drain()
    outbox.drain(threads=1)

    assert InboxMessage.objects.count() == 1
    report = Report.objects.get()
    assert report.channel == Channel.FACEBOOK
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert report.description.startswith("Sampah menumpuk di Kelurahan Barat")
    assert report.idempotency_key == f"halaman-kota:comment:{COMMENT_ID}"
    assert graph.paths == [f"/{PAGE_ID}/messages"]
    assert graph.sent[0]["recipient"] == {"comment_id": COMMENT_ID}
    assert graph.sent[0]["message"]["text"].startswith(f"Laporan {report.code} diterima")

    clock.shift(minutes=5)
    actions.verify_report(report, by=operator)
    outbox.drain(threads=1)
    verified = report.messages.get(template_key="verified")
    assert verified.status == MessageStatus.FAILED
    assert "dalam 24 jam terakhir" in verified.last_error
    assert len(graph.sent) == 1  # one private reply per comment

    public = Client().get(reverse("public:track", kwargs={"code": report.code}))
    assert public.status_code == 200
    assert b"Budi Santoso" not in public.content and COMMENTER.encode() not in public.content


def test_the_pages_own_comment_an_edit_and_a_removal_make_nothing(
    account: ChannelAccount, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    own = _changed(**{"from": {"id": PAGE_ID, "name": "Pemerintah Kota"}})
    for body in (own, _changed(verb="edited"), _changed(verb="remove"), _changed(item="like")):
        assert post(body).status_code == 200
    drain()
    assert not InboxMessage.objects.exists() and not Report.objects.exists()


def test_a_comment_without_its_id_is_refused_and_nothing_stored(
    account: ChannelAccount, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    answer = post(_changed(comment_id=None))
    assert answer.status_code == 400
    assert "comment_id" in answer.json()["errors"][0]["message"]
    assert not InboxMessage.objects.exists()


def test_the_page_is_subscribed_to_its_feed() -> None:
    assert "feed" in FIELDS


def test_a_comments_photo_comes_with_it(
    graph_account: ChannelAccount, graph: FakeGraph, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    post(_changed(photo=f"{graph.base}/scontent/comment-photo.jpg"))
    drain()
    report = Report.objects.get()
    assert report.photos.count() == 1
