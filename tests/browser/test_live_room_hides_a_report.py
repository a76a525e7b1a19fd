"""An operator hides a report from the public on its LIVE Room page (at 1920x1080 and on a
phone): the card says which way it is, the reason stays internal, the public page answers 404."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.reports.models import Report
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_hides_a_report_and_shows_it_again(
    live_server: Any, browser: Any, phone: Any, operator: Any, make_report: Any
) -> None:
    report = make_report()
    desk = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/console/r/{report.code}/")
    card = page.locator("form.visibility")
    assert "terbuka untuk publik" in card.inner_text()
    card.locator("input[name=note]").fill("Foto memuat wajah warga")
    card.locator("button").click()
    page.wait_for_load_state()
    assert "disembunyikan dari publik" in page.locator("body").inner_text()
    assert "Tampilkan untuk publik" in page.locator("form.visibility button").inner_text()
    assert not Report.objects.get(pk=report.pk).public
    shot(page, "live-room-hidden-report-1920")
    desk.close()

    assert page.context.browser is not None
    public = browser.new_context().new_page()
    assert public.goto(f"{live_server.url}/r/{report.code}/").status == 404

    mobile = phone()
    log_in(mobile, live_server.url, "operator")
    mobile.goto(f"{live_server.url}/console/r/{report.code}/")
    mobile.locator("form.visibility button").click()
    mobile.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).public
    assert "Sembunyikan dari publik" in mobile.locator("form.visibility button").inner_text()
    shot(mobile, "live-room-shown-report-phone")
    assert mobile.evaluate("() => document.documentElement.scrollWidth") <= 390
