"""A complaint made as a comment on the city's post becomes a report; the acknowledgement goes as
the comment's one private reply; the next news, with no direct message from the citizen in 24
hours, fails for operators to see, and goes by direct message once the citizen writes one."""

from typing import Any

from django.test import Client
from django.urls import reverse

from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.notify import outbox
from laksa.notify.models import MessageStatus
from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.intake.fake_graph import FakeGraph
from tests.intake.instagram.conftest import (
    COMMENT_ID,
    COMMENTER,
    IG_USER_ID,
    IGSID,
    drain,
    payload,
    post,
)


def test_it_answers_a_comment_privately_once(
    graph_account: ChannelAccount,
    graph: FakeGraph,
    clock: Any,
    operator: Any,
    supervisor_a: Any,
) -> None:
    clock.at("2026-12-06T09:00")
    post(payload("comment.json"))
    drain()
    outbox.drain(threads=1)

    report = Report.objects.get()
    assert report.channel == Channel.INSTAGRAM
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert report.description.startswith("@tangerangkota jalan berlubang besar")
    assert report.idempotency_key == f"ig-kota:comment:{COMMENT_ID}"
    assert graph.paths == [f"/{IG_USER_ID}/messages"]
    assert graph.sent[0]["recipient"] == {"comment_id": COMMENT_ID}
    assert graph.sent[0]["message"]["text"].startswith(f"Laporan {report.code} diterima")
    claimed = InboxMessage.objects.get().payload["private_reply"]
    assert claimed == str(report.messages.get(template_key="ack").send_key)

    clock.shift(minutes=5)
    actions.verify_report(report, by=operator)
    outbox.drain(threads=1)
    verified = report.messages.get(template_key="verified")
    assert verified.status == MessageStatus.FAILED
    assert "dalam 24 jam terakhir" in verified.last_error
    assert len(graph.sent) == 1  # Meta allows one private reply per comment

    public = Client().get(reverse("public:track", kwargs={"code": report.code}))
    assert public.status_code == 200
    assert b"warga.cipondoh" not in public.content and COMMENTER.encode() not in public.content

    clock.shift(minutes=5)
    direct = payload("text.json").replace(IGSID.encode(), COMMENTER.encode())
    post(direct)
    drain()
    assert (
        InboxMessage.objects.get(sender=COMMENTER, message_id__startswith="aWdf").outcome == "added"
    )
    actions.accept_job(report, by=supervisor_a)
    outbox.drain(threads=1)
    assert graph.sent[-1]["recipient"] == {"id": COMMENTER}
    assert graph.sent[-1]["message"]["text"] == report.messages.get(template_key="dispatched").body
