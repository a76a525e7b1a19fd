from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.reports.models import Report
from tests.intake.facebook.conftest import drain, payload, post


def test_it_takes_a_quick_reply_title_as_the_place(account: ChannelAccount) -> None:
    post(payload("text.json"))
    drain()
    post(payload("quick_reply.json"))  # "Kelurahan Barat", the answer to "where?"
    drain()
    report = Report.objects.get()
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert report.description.endswith("\nKelurahan Barat")


def test_it_takes_a_postback_title_as_text(account: ChannelAccount) -> None:
    post(payload("postback.json"))
    drain()
    row = InboxMessage.objects.get()
    assert (row.message_id, row.text, row.outcome) == (
        "m_AbCdEfPost05-mulai",
        "Lapor masalah",
        "asked",
    )
