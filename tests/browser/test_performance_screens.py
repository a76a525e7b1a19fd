"""The mayor signs in and lands on the performance dashboard (/kinerja/), opens the government
indicators and the monthly report: at 1920x1080 and on a phone, every screen readable and no
wider than the phone. Screenshots kept as artifacts."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.kpi import counting
from tests.browser.conftest import log_in, shot
from tests.kpi.conftest import Story, story  # noqa: F401
from tests.kpi_indicators.conftest import agencies  # noqa: F401
from tests.kpi_indicators.test_it_exports_the_monthly_report import loaded  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE = {"width": 1920, "height": 1080}


def test_the_mayor_lands_on_the_dashboard(
    live_server: Any,
    browser: Any,
    phone: Any,
    mayor: Any,
    story: Story,  # noqa: F811
) -> None:
    counting.count_new_events()
    desk = browser.new_context(viewport=WIDE, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, mayor.username)
    page.goto(f"{live_server.url}/staf/")
    page.wait_for_url("**/kinerja/")
    page.goto(f"{live_server.url}/kinerja/?date_from=2026-11-01&date_to=2026-11-30")
    shot(page, "kinerja-1920")
    body = page.locator("main").inner_text()
    assert "Kinerja pengaduan" in body and "1 Nov 2026" in body
    assert story.a.agency.abbreviation in body  # the agency ranking
    assert page.locator("svg").count() >= 2  # the weekly and monthly trends
    desk.close()

    mobile = phone()
    log_in(mobile, live_server.url, mayor.username)
    mobile.goto(f"{live_server.url}/kinerja/?date_from=2026-11-01&date_to=2026-11-30")
    shot(mobile, "kinerja-phone")
    assert mobile.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_mayor_reads_the_indicators_and_the_monthly_report(
    live_server: Any,
    browser: Any,
    phone: Any,
    mayor: Any,
    loaded: None,  # noqa: F811
) -> None:
    desk = browser.new_context(viewport=WIDE, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, mayor.username)
    page.goto(f"{live_server.url}/kinerja/indikator/?tahun=2026&bulan=6")
    assert "Jembatan Cisadane Baru" in page.content() or page.locator("table").count() >= 1
    shot(page, "kinerja-indikator-1920")
    report = f"{live_server.url}/kinerja/indikator/laporan-bulanan/?tahun=2026&bulan=6"
    page.goto(report + "&format=html")
    shot(page, "laporan-bulanan-1920")
    text = page.locator("body").inner_text()
    assert "Juni 2026" in text and "Jembatan Cisadane Baru" in text
    desk.close()

    mobile = phone()
    log_in(mobile, live_server.url, mayor.username)
    for path, name in [
        ("/kinerja/indikator/?tahun=2026&bulan=6", "kinerja-indikator-phone"),
        ("/kinerja/indikator/laporan-bulanan/?tahun=2026&bulan=6&format=html", "laporan-phone"),
    ]:
        mobile.goto(live_server.url + path)
        shot(mobile, name)
        assert mobile.evaluate("() => document.documentElement.scrollWidth") <= 390, path
