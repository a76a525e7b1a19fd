"""The wall screen's pages and data: who may open it (staff who see the whole city, or a TV with
a signed kiosk link), what state.json and summary.json hold, and that they hold no private data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from laksa.kpi import counting
from laksa.live import wall
from laksa.live.models import WallScreen
from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import login
from tests.images import processed


@pytest.fixture
def screen(city: Any) -> WallScreen:
    return WallScreen.objects.create(jurisdiction=city, name="TV kiri")


def test_the_kiosk_link_opens_the_wall_without_login(city: Any, screen: WallScreen) -> None:
    page = Client().get(f"/live/wall/k/{screen.token}/")
    assert page.status_code == 200
    config = page.context["wall_config"]
    # A signed token carries the second it was made: compare what it opens, not its text.
    (kiosk,) = parse_qs(urlsplit(config["stream"]).query)["kiosk"]
    assert WallScreen.from_token(kiosk) == screen
    assert config["timezone"] == "Asia/Jakarta"
    assert b'id="wall-config"' in page.content
    screen.refresh_from_db()
    assert screen.last_seen_at is not None


def test_a_revoked_or_forged_kiosk_link_is_refused(city: Any, screen: WallScreen) -> None:
    token = screen.token
    screen.active = False
    screen.save()
    assert Client().get(f"/live/wall/k/{token}/").status_code == 403
    assert Client().get("/live/wall/k/eyJzY3JlZW4iOjF9:forged/").status_code == 403
    assert Client().get(f"/live/wall/state.json?kiosk={token}").status_code == 403


def test_the_mayor_and_operators_see_the_wall_others_do_not(
    city: Any, mayor: Any, operator: Any, supervisor_a: Any
) -> None:
    assert login(mayor).get("/live/wall").status_code == 200
    assert login(operator).get("/live/wall").status_code == 200
    assert login(supervisor_a).get("/live/wall").status_code == 403
    anonymous = Client().get("/live/wall")
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    assert Client().get("/live/wall/summary.json").status_code == 403


def test_state_has_open_reports_and_the_head_to_follow_from(
    screen: WallScreen, make_report: Any, operator: Any, pln: Any
) -> None:
    open_one = make_report(seed=1, contact=actions.ContactInput(phone="0812999888"))
    referred = make_report(seed=2)
    actions.refer_report(referred, by=operator, to=pln, note="Kabel PLN")
    body = Client().get(f"/live/wall/state.json?kiosk={screen.token}")
    data = body.json()
    assert [p["code"] for p in data["points"]] == [open_one.code]
    assert data["points"][0]["colour"] == "red"
    assert data["head"] >= 3
    assert data["newest"][0]["photo"].startswith("/foto/")
    assert b"0812999888" not in body.content and open_one.secret.encode() not in body.content


def test_counters_and_agency_table(
    city: Any, make_report: Any, operator: Any, supervisor_a: Any, agency_a: Any
) -> None:
    now = timezone.now()
    late = make_report(seed=1)
    Report.objects.filter(pk=late.pk).update(respond_due_at=now - timedelta(hours=1))
    answered = make_report(seed=2)
    actions.verify_report(answered, by=operator)
    actions.accept_job(answered, by=supervisor_a)
    done = make_report(seed=3)
    actions.verify_report(done, by=operator)
    actions.accept_job(done, by=supervisor_a)
    actions.finish_job(done, by=supervisor_a, proof=[processed(9)], note="Sudah ditambal")
    counting.count_new_events()  # the counters and the table read the KPI counts
    summary = wall.summary(city)
    assert summary["counters"] == {"new": 3, "waiting": 1, "in_hand": 1, "done": 1, "overdue": 1}
    row = next(r for r in summary["agencies"] if r["agency"] == agency_a.abbreviation)
    assert row["open"] == 2 and row["overdue"] == 1
    assert row["median_response"] is not None


def test_the_summary_reads_a_fixed_number_of_queries(
    city: Any, make_report: Any, django_assert_max_num_queries: Any
) -> None:
    for seed in range(1, 4):
        make_report(seed=seed)
    counting.count_new_events()  # what the wall's catch-up (or the minute's job) writes
    # The reads: the catch-up's two looks (newest event, watermark) and the board's.
    with django_assert_max_num_queries(10) as few:
        wall.summary(city)
        wall.newest(city)
    for seed in range(4, 14):
        make_report(seed=seed)
    counting.count_new_events()
    with django_assert_max_num_queries(len(few.captured_queries)):
        wall.summary(city)
        wall.newest(city)


def test_wall_url_command_takes_the_sites_address_from_laksa_base_url(
    city: Any, capsys: Any, settings: Any
) -> None:
    # `PORT=8080 make run` serves on 8080: the TV's link must not say 8000.
    settings.LAKSA_BASE_URL = "http://127.0.0.1:8080"
    call_command("wall_url", "LIVE Room kanan")
    url = capsys.readouterr().out.strip()
    assert url.startswith("http://127.0.0.1:8080/live/wall/k/")
    assert Client().get(url.removeprefix("http://127.0.0.1:8080")).status_code == 200


def test_wall_url_command_prints_a_working_kiosk_link(city: Any, capsys: Any) -> None:
    call_command("wall_url", "LIVE Room kiri", "--base", "https://lapor.example.go.id/")
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://lapor.example.go.id/live/wall/k/")
    path = url.removeprefix("https://lapor.example.go.id")
    assert Client().get(path).status_code == 200


def test_the_counters_follow_a_new_report_before_the_minutes_job(
    city: Any, make_report: Any
) -> None:
    """The wall asks for its summary a moment after an event: what came since the last count is
    counted then, so today's counter moves at once, as the points on its map do."""
    make_report(seed=1)
    assert wall.summary(city)["counters"]["new"] == 1
    make_report(seed=2)
    assert wall.summary(city)["counters"]["new"] == 2
