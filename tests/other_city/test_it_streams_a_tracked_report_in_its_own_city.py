"""A tracking page (/r/<code>/) serves any city's public report, so its anonymous live stream,
following that one code, gets the report's own city's events, whichever city the site serves;
a private report of that city stays out of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from laksa.reports import actions
from laksa.reports.models import Report
from tests import asgi_server
from tests.asgi_server import open_stream

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_streams_another_citys_report_to_its_tracking_page(
    tmp_path: Path, make_report: Any, outsider: Any, their_report: Report
) -> None:
    theirs = make_report(category=their_report.category, seed=3)  # public, of the other city
    with asgi_server.running(tmp_path) as server:
        page = open_stream(server, f"?code={theirs.code}", last_id=0)
        private = open_stream(server, f"?code={their_report.code}", last_id=0)
        actions.reply_to_citizen(theirs, by=outsider, text="Petugas menuju lokasi")
        actions.reply_to_citizen(their_report, by=outsider, text="Surat rahasia")
        got = page.take(2) + page.quiet_for(1)
        hidden = private.quiet_for(1.5)
        page.close()
        private.close()
    assert [(e["code"], e["kind"]) for e in got] == [
        (theirs.code, "created"),
        (theirs.code, "reply"),
    ]
    assert got[1]["note"] == "Petugas menuju lokasi"
    assert hidden == []
