"""A kiosk screen (a TV with no login, opened by a URL anyone in the room may read) shows the
city's public reports only: a report that is not public, or that was rejected, is neither a point
of its state nor an event of its stream. Staff who see the whole city keep every report on their own wall."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from laksa.live.models import WallScreen
from laksa.reports import actions
from tests import asgi_server
from tests.asgi_server import open_stream
from tests.conftest import IN_EAST, login


@pytest.fixture
def screen(city: Any) -> WallScreen:
    return WallScreen.objects.create(jurisdiction=city, name="TV lobi")


def _codes(state: dict[str, Any]) -> set[str]:
    return {point["code"] for point in state["points"]}


@pytest.mark.django_db
def test_it_leaves_private_reports_off_the_kiosk_state(
    make_report: Any, operator: Any, screen: WallScreen
) -> None:
    private = make_report(public=False, seed=1, at=IN_EAST)
    public = make_report(seed=2)
    kiosk = Client().get(f"/live/wall/state.json?kiosk={screen.token}").json()
    assert _codes(kiosk) == {public.code}
    assert private.code not in str(kiosk) and str(IN_EAST[1]) not in str(kiosk)
    # A staff session on the TV's browser does not widen what the kiosk link shows.
    signed_in = login(operator).get(f"/live/wall/state.json?kiosk={screen.token}").json()
    assert _codes(signed_in) == {public.code}
    # The LIVE Room's own wall shows every report.
    staff = login(operator).get("/live/wall/state.json").json()
    assert _codes(staff) == {public.code, private.code}


@pytest.mark.django_db(transaction=True)
def test_it_leaves_private_reports_out_of_the_kiosk_stream(
    tmp_path: Path, make_report: Any, screen: WallScreen
) -> None:
    with asgi_server.running(tmp_path) as server:
        tv = open_stream(server, f"?kiosk={screen.token}", last_id=0)
        private = make_report(public=False, seed=1)
        actions.add_citizen_message(private, text="Surat rahasia", channel="email", message_id="m1")
        public = make_report(seed=2)
        got = tv.take(1) + tv.quiet_for(1.5)
        tv.close()
    assert [(e["code"], e["kind"]) for e in got] == [(public.code, "created")]


@pytest.mark.django_db(transaction=True)
def test_it_leaves_rejected_reports_out_of_the_kiosk_stream(
    tmp_path: Path, make_report: Any, operator: Any, screen: WallScreen
) -> None:
    # A rejection's reason is its public note (spam, a reason naming someone): the public map
    # and tracking page drop the report with every event of it, and so must the TV.
    spam = make_report(seed=1)
    actions.reject_report(spam, by=operator, reason="Iklan, bukan laporan (Budi 081234567890)")
    with asgi_server.running(tmp_path) as server:
        tv = open_stream(server, f"?kiosk={screen.token}", last_id=0)
        public = make_report(seed=2)
        got = tv.take(1) + tv.quiet_for(1.5)
        tv.close()
    assert [(e["code"], e["kind"]) for e in got] == [(public.code, "created")]
