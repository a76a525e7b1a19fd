"""A report that turns green shows on the wall with the proof beside the citizen's photo: the
newest column (state.json, summary.json) and the wall's stream events carry `after` for a done
report, and for one closed after it, never for an open one, and never a photo of a report that
is not public."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from laksa.live.models import WallScreen
from laksa.live.projection import WALL, Viewer, render
from laksa.reports import actions, feed
from laksa.reports.models import Photo, PhotoKind, Report
from tests.images import processed


@pytest.fixture
def screen(city: Any) -> WallScreen:
    return WallScreen.objects.create(jurisdiction=city, name="TV kanan")


def _thumb(report: Report, kind: str) -> str:
    photo = Photo.objects.filter(report=report, kind=kind).latest("id")
    return f"/foto/{photo.uuid}-t.jpg"


def _newest(screen: WallScreen) -> dict[str, dict[str, Any]]:
    data = Client().get(f"/live/wall/summary.json?kiosk={screen.token}").json()
    return {row["code"]: row for row in data["newest"]}


def _last_event(report: Report) -> dict[str, Any]:
    item = [i for i in feed.events_after(0) if i.report_id == report.pk][-1]
    text = render(item, Viewer(WALL, everything=True, screen=1))
    assert text is not None
    return dict(json.loads(text))


def test_it_shows_the_proof_beside_the_photo_of_a_done_report(
    screen: WallScreen, done_report: Report, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    waiting = make_report(seed=2)
    in_hand = make_report(seed=3)
    actions.verify_report(in_hand, by=operator)
    actions.accept_job(in_hand, by=supervisor_a)

    rows = _newest(screen)
    assert rows[done_report.code]["photo"] == _thumb(done_report, PhotoKind.BEFORE)
    assert rows[done_report.code]["after"] == _thumb(done_report, PhotoKind.PROOF)
    assert rows[waiting.code]["after"] is None and rows[waiting.code]["photo"]
    assert rows[in_hand.code]["after"] is None
    state = Client().get(f"/live/wall/state.json?kiosk={screen.token}").json()
    assert {r["code"]: r["after"] for r in state["newest"]}[done_report.code] == rows[
        done_report.code
    ]["after"]

    event = _last_event(done_report)
    assert event["to_status"] == "done"
    assert event["photo"] == _thumb(done_report, PhotoKind.BEFORE)
    assert event["after"] == _thumb(done_report, PhotoKind.PROOF)
    assert _last_event(in_hand)["after"] is None


def test_it_keeps_the_proof_once_the_citizen_confirms(
    screen: WallScreen, done_report: Report
) -> None:
    actions.confirm_fix(done_report, secret=done_report.secret)
    assert Report.objects.get(pk=done_report.pk).status == "closed"
    assert _newest(screen)[done_report.code]["after"] == _thumb(done_report, PhotoKind.PROOF)
    assert _last_event(done_report)["after"] == _thumb(done_report, PhotoKind.PROOF)


def test_a_disputed_job_shows_the_citizen_photo_alone_until_done_again(
    screen: WallScreen, done_report: Report, supervisor_a: Any
) -> None:
    actions.dispute_fix(done_report, secret=done_report.secret, reason="Masih berlubang")
    assert _newest(screen)[done_report.code]["after"] is None
    assert _last_event(done_report)["after"] is None
    first_proof = _thumb(done_report, PhotoKind.PROOF)
    report = Report.objects.get(pk=done_report.pk)
    actions.finish_job(report, by=supervisor_a, proof=[processed(78)], note="Ditambal ulang")
    # The second proof, not the one the citizen disputed.
    after = _newest(screen)[done_report.code]["after"]
    assert after == _thumb(done_report, PhotoKind.PROOF) and after != first_proof


def test_a_report_that_is_not_public_shows_no_photo_at_all(
    screen: WallScreen, done_report: Report
) -> None:
    Report.objects.filter(pk=done_report.pk).update(public=False)
    assert done_report.code not in _newest(screen)
    event = _last_event(done_report)
    assert event["photo"] is None and event["after"] is None
