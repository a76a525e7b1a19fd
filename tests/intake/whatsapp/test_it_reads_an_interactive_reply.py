from typing import Any

from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.whatsapp.conftest import drain, payload, post


def test_it_takes_the_button_title_as_text(account: ChannelAccount, replies: Any) -> None:
    post(payload("text.json"))
    drain()
    post(payload("interactive.json"))  # "Kelurahan Barat", the answer to "where?"
    drain()
    report = Report.objects.get()
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert report.description.endswith("\nKelurahan Barat")
    assert [r["key"] for r in replies] == ["ask_where"]
