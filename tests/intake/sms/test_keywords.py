"""Plain-phone keywords: LAPOR <text> #<place>, STATUS <code>, INFO, and free text; case and
punctuation do not matter; an empty or unreadable message gets "not understood"."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake.models import InboxMessage
from laksa.intake.sms.keywords import Intent, read
from laksa.reports import actions
from laksa.reports.models import PlaceSource, Report
from tests.intake.sms.conftest import drain, post_gateway


@pytest.mark.parametrize(
    ("text", "intent", "body", "place", "code"),
    [
        ("LAPOR Lampu mati #Barat", Intent.REPORT, "Lampu mati", "Barat", ""),
        ("lapor: jalan rusak", Intent.REPORT, "jalan rusak", "", ""),
        (
            "Lapor.Pohon tumbang #Panunggangan Barat",
            Intent.REPORT,
            "Pohon tumbang",
            "Panunggangan Barat",
            "",
        ),
        ("  lApOr - banjir #Timur #Jl. Melati", Intent.REPORT, "banjir", "Timur, Jl. Melati", ""),
        ("#Barat lampu mati", Intent.REPORT, "Barat lampu mati", "Barat lampu mati", ""),
        ("Laporan jalan berlubang", Intent.REPORT, "Laporan jalan berlubang", "", ""),
        (
            "Info: jalan di depan pasar rusak",
            Intent.REPORT,
            "Info: jalan di depan pasar rusak",
            "",
            "",
        ),
        ("Status TNG-2612-00001", Intent.STATUS, "", "", "TNG-2612-00001"),
        ("status: tng 2612 1", Intent.STATUS, "", "", "TNG-2612-00001"),
        ("STATUS TNG/2612/00012.", Intent.STATUS, "", "", "TNG-2612-00012"),
        ("INFO", Intent.INFO, "", "", ""),
        ("info?", Intent.INFO, "", "", ""),
        ("", Intent.UNREADABLE, "", "", ""),
        (" ?! ", Intent.UNREADABLE, "", "", ""),
        ("LAPOR", Intent.UNREADABLE, "", "", ""),
        ("STATUS kemarin", Intent.UNREADABLE, "", "", ""),
        ("lapor\r\njalan\trusak\x00", Intent.REPORT, "jalan rusak", "", ""),
    ],
)
def test_it_reads_what_the_message_asks(
    text: str, intent: Intent, body: str, place: str, code: str
) -> None:
    request = read(text)
    assert (request.intent, request.text, request.place, request.code) == (
        intent,
        body,
        place,
        code,
    )


def _send(text: str, sender: str = "081234567890", message_id: str = "k-1") -> dict[str, Any]:
    """Through the gateway and the drain: what handling the message did, and its report's code."""
    response = post_gateway({"id": message_id, "from": sender, "text": text})
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": message_id, "accepted": True}]
    drain()
    row = InboxMessage.objects.select_related("report").get(message_id=message_id)
    return {"outcome": row.outcome, "code": row.report.code if row.report else None}


def test_it_answers_info(gateway_account: Any, replies: Any) -> None:
    assert _send("Info")["outcome"] == "info"
    assert replies == [
        {
            "account": gateway_account,
            "to": "+6281234567890",
            "key": "info",
            "values": {},
            "report": None,
        }
    ]
    assert not Report.objects.exists()


def test_it_answers_an_unreadable_message_and_stores_nothing(
    gateway_account: Any, replies: Any
) -> None:
    assert _send("  ...  ")["outcome"] == "not_understood"
    assert [r["key"] for r in replies] == ["not_understood"]
    assert not Report.objects.exists()


def test_it_makes_free_text_a_report_waiting_for_a_place(
    gateway_account: Any, replies: Any
) -> None:
    result = _send("Ada kabel listrik menjuntai rendah di gang sebelah musala")
    report = Report.objects.get(code=result["code"])
    assert report.category.code == "LAIN" and report.place_source == PlaceSource.NONE
    assert report.lat is None and report.kelurahan_id is None
    assert replies == []  # the acknowledgement is notify's, on the creation event


def test_it_guesses_the_category_from_its_keywords(gateway_account: Any, streetlight: Any) -> None:
    streetlight.keywords = "lampu, pju"
    streetlight.save(update_fields=["keywords"])
    report = Report.objects.get(code=_send("LAPOR lampu jalan mati #Barat")["code"])
    assert report.category == streetlight


def test_it_tells_the_reporter_the_status_and_may_give_the_link(
    gateway_account: Any, make_report: Any, replies: Any
) -> None:
    report = make_report(contact=actions.ContactInput(name="Siti", phone="0812-9999-0000"))
    _send(f"status {report.code.lower().replace('-', ' ')}", sender="+6281299990000")
    [reply] = replies
    assert reply["key"] == "status" and reply["to"] == "+6281299990000"
    assert reply["report"] == report
    assert reply["values"] == {
        "code": report.code,
        "found": "1",
        "status": "new",
        "status_label": reply["values"]["status_label"],
        "owner": "1",
    }
    assert reply["values"]["status_label"]


def test_it_tells_another_number_only_what_the_public_page_shows(
    gateway_account: Any, make_report: Any, replies: Any
) -> None:
    report = make_report(contact=actions.ContactInput(name="Siti", phone="081299990000"))
    _send(f"STATUS {report.code}", sender="081211112222")
    [reply] = replies
    assert reply["values"]["owner"] == "" and reply["values"]["found"] == "1"
    assert "Siti" not in str(reply["values"]) and "99990000" not in str(reply["values"])


def test_it_does_not_reveal_a_private_report_to_another_number(
    gateway_account: Any, make_report: Any, replies: Any
) -> None:
    report = make_report(contact=actions.ContactInput(phone="081299990000"))
    Report.objects.filter(pk=report.pk).update(public=False)
    _send(f"STATUS {report.code}", sender="081211112222")
    [reply] = replies
    assert reply["report"] is None and reply["values"]["found"] == ""
    assert reply["values"]["status"] == ""


def test_it_answers_a_code_it_does_not_know(gateway_account: Any, replies: Any) -> None:
    _send("STATUS UJI-2612-99999")
    [reply] = replies
    assert reply["key"] == "status" and reply["report"] is None
    assert reply["values"]["code"] == "UJI-2612-99999" and reply["values"]["found"] == ""


def test_it_gives_the_private_link_only_to_the_reporters_number(
    gateway_account: Any, make_report: Any
) -> None:
    """End to end with notify's outbox (which queues the replies intake asks for)."""
    from laksa.notify.models import Message

    report = make_report(contact=actions.ContactInput(name="Siti", phone="081299990000"))
    Message.objects.all().delete()
    _send(f"STATUS {report.code}", sender="081211112222", message_id="s-1")
    _send(f"STATUS {report.code}", sender="+62 812 9999 0000", message_id="s-2")
    stranger, owner = Message.objects.order_by("id")
    assert stranger.recipient == "+6281211112222" and owner.recipient == "+6281299990000"
    assert report.code in stranger.body and report.secret not in stranger.body
    assert "Siti" not in stranger.body and "99990000" not in stranger.body
    assert report.secret in owner.body
