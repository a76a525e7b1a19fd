"""Public statistics and the home page's counters: public reports only, in the chosen dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from laksa.kpi import counting
from laksa.public.stats import city_stats, human_duration
from laksa.reports import actions
from laksa.reports.models import Report
from tests.images import processed

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(clock, make_report, streetlight, operator, supervisor_a):
    """Two waiting, one done (responded after 2 working hours, finished after 26 h, which is 12
    working hours at 08:00-18:00), one private, one spam; then counted, as the job does."""
    clock.at("2026-11-03T08:00")
    waiting = [make_report(seed=1), make_report(seed=2, category=streetlight)]
    done = make_report(seed=3)
    clock.at("2026-11-03T09:00")
    actions.verify_report(done, by=operator)
    clock.at("2026-11-03T10:00")
    actions.accept_job(done, by=supervisor_a)
    clock.at("2026-11-04T10:00")
    actions.finish_job(done, by=supervisor_a, proof=[processed(50)])
    private = make_report(seed=4)
    Report.objects.filter(pk=private.pk).update(public=False)
    spam = make_report(seed=5)
    actions.reject_report(spam, by=operator, reason="Spam")
    counting.count_new_events()
    return waiting, done


def test_it_counts_by_status_type_category_and_kecamatan(mixed, city):
    today = timezone.localdate()
    stats = city_stats(city, today - timedelta(days=29), today)
    counts = {row["colour"]: row["count"] for row in stats["type_rows"]}
    assert stats["total"] == 3
    assert counts == {"red": 2, "yellow": 0, "green": 1, "grey": 0}
    assert {r["name"]: r["count"] for r in stats["category_rows"]} == {
        "Jalan rusak": 2,
        "Lampu PJU mati": 1,
    }
    assert {r["name"]: r["count"] for r in stats["area_rows"]} == {"Tengah": 3}
    # In working time now, as bands of the KPI histograms (the old figures were calendar time).
    assert stats["respond"] == "1-2 jam" and stats["finish"] == "10-20 jam"


def test_it_limits_to_the_date_range(mixed, city):
    today = timezone.localdate()
    stats = city_stats(city, today - timedelta(days=60), today - timedelta(days=31))
    assert stats["total"] == 0 and stats["respond"] == "—"


def test_it_renders_the_page_with_the_default_range(citizen, mixed):
    response = citizen.get("/statistik/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jalan rusak" in html and "Tengah" in html and "10-20 jam" in html
    assert 'name="date_from"' in html and str(timezone.localdate()) in html


def test_it_refuses_an_inverted_range(citizen, city):
    response = citizen.get("/statistik/", {"date_from": "2026-02-02", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "Tanggal akhir sebelum tanggal awal." in response.content.decode()


def test_it_formats_durations_for_people():
    assert human_duration(None) == "—"
    assert human_duration(30) == "0 menit"
    assert human_duration(12 * 60) == "12 menit"
    assert human_duration(5 * 3600 + 600) == "5 jam 10 menit"
    assert human_duration(3 * 86400 + 4 * 3600 + 59) == "3 hari 4 jam"


def test_it_shows_counters_and_the_report_button_on_home(citizen, mixed):
    html = citizen.get("/").content.decode()
    assert "Lapor masalah" in html and 'href="/lapor/"' in html
    assert 'action="/r/"' in html and 'name="code"' in html
    assert "<strong>3</strong>" in html and "<strong>2</strong>" in html
