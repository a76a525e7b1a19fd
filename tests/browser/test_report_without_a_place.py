"""An operator records a report that came by SMS with no place (the caller could not say), then
puts it on the map from the report page: at 1920x1080 in the LIVE Room, and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.reports.models import Channel, PlaceSource, Report
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_records_an_sms_and_places_it_on_the_map(
    live_server: Any, browser: Any, phone: Any, operator: Any, pothole: Any, west: Any
) -> None:
    desk = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/console/telepon/")
    page.select_option("select[name=how]", Channel.SMS)
    page.fill("input[name=phone]", "0812 3456 7890")
    page.select_option("select[name=category]", str(pothole.pk))
    page.wait_for_selector("[name=q_ukuran]", state="attached")  # the category's question
    page.check("input[name=q_ukuran][value=besar]")
    page.fill("textarea[name=description]", "Lubang di jalan, penelepon tidak tahu nama jalannya")
    shot(page, "call-form-sms-1920")
    page.click("button:has-text('Simpan laporan')")
    page.wait_for_url("**/console/r/**")
    report = Report.objects.get()
    assert report.channel == Channel.SMS and report.needs_place
    assert page.locator("#place-form details[open]").count() == 1
    shot(page, "report-needs-place-1920")
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.input_value("#place-form input[name=lat]") != ""
    page.click("#place-form button:has-text('Simpan lokasi')")
    page.wait_for_selector("text=ditentukan di peta")
    report.refresh_from_db()
    assert report.place_source == PlaceSource.POINT and report.lat is not None
    assert page.locator("form[action$='/verifikasi/']").count() == 1  # now it can be routed
    shot(page, "report-placed-1920")
    desk.close()

    mobile = phone()
    log_in(mobile, live_server.url, "operator")
    mobile.goto(f"{live_server.url}/console/r/{report.code}/")
    width = mobile.evaluate("() => document.documentElement.scrollWidth")
    shot(mobile, "report-placed-phone")
    assert width <= 390
