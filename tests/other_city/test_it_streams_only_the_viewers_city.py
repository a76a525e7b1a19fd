"""The live stream, on the real server, gives each viewer their own city's events only: another
city's operator gets this city's public events and nothing else (no private report, no internal
note), and on the site of their own city they follow it in full and none of this city's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from laksa.reports import actions
from laksa.reports.models import Report
from tests import asgi_server
from tests.asgi_server import open_stream
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie(user: Any) -> str:
    return f"sessionid={login(user).cookies['sessionid'].value}"


def _follow_up(report: Report) -> None:
    # A citizen's chat or e-mail follow-up is stored as an internal note (add_citizen_message).
    actions.add_citizen_message(
        report, text="Ini Budi, WA saya 081377771234", channel="email", message_id=report.code
    )


def test_it_gives_another_citys_operator_only_this_citys_public_events(
    tmp_path: Path, make_report: Any, operator: Any, outsider: Any, private_report: Report
) -> None:
    with asgi_server.running(tmp_path) as server:
        theirs = open_stream(server, last_id=0, cookie=_cookie(outsider))
        ours = open_stream(server, last_id=0, cookie=_cookie(operator))
        _follow_up(private_report)
        public = make_report(seed=2)
        staff_saw = ours.take(3)
        got = theirs.take(1) + theirs.quiet_for(1.5)
        theirs.close()
        ours.close()
    # This city's operator sees the private report and the follow-up: the events were there.
    assert any("081377771234" in e.get("internal_note", "") for e in staff_saw)
    assert [(e["code"], e["kind"]) for e in got] == [(public.code, "created")]
    assert "internal_note" not in got[0]


def test_it_streams_the_operators_own_city_on_its_site(
    tmp_path: Path,
    make_report: Any,
    other_city: Any,
    outsider: Any,
    private_report: Report,
    their_report: Report,
) -> None:
    with asgi_server.running(tmp_path, env={"LAKSA_JURISDICTION": other_city.slug}) as server:
        stream = open_stream(server, last_id=0, cookie=_cookie(outsider))
        _follow_up(private_report)
        make_report(seed=2)  # a public report of this (the first) city
        _follow_up(their_report)
        got = stream.take(2) + stream.quiet_for(1.5)
        stream.close()
    assert {e["code"] for e in got} == {their_report.code}
    assert any("081377771234" in e.get("internal_note", "") for e in got)
