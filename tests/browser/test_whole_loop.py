"""The whole loop as people do it: a citizen reports from a phone, an operator routes it, the
supervisor closes it with proof, and the citizen sees green with before and after, then rates."""

from __future__ import annotations

import re

import pytest

from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status
from tests.browser.conftest import all_images_loaded, fill_report, log_in, open_link, shot
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_walks_the_whole_loop(
    live_server, phone, tmp_path, pothole, west, operator, supervisor_a
):
    before = tmp_path / "lubang.jpg"
    before.write_bytes(make_image(seed=11, size=(1200, 900)))
    after = tmp_path / "selesai.jpg"
    after.write_bytes(make_image(seed=12, size=(1200, 900)))

    # A citizen reports from a phone.
    citizen = phone()
    fill_report(
        citizen,
        live_server.url,
        category=pothole,
        description="Lubang besar di depan SDN, motor sering jatuh.",
        photo=before,
        at=IN_WEST,
    )
    citizen.fill("input[name=name]", "Budi Santoso")
    citizen.fill("input[name=phone]", "0812 3456 7890")
    shot(citizen, "1-citizen-form")
    citizen.click("button:has-text('Kirim laporan')")
    citizen.wait_for_url("**/r/*/*/")
    private_link = citizen.url
    report = Report.objects.get()
    assert re.search(rf"/r/{report.code}/[^/]+/$", private_link)
    assert report.code in citizen.content() and report.colour == "red"
    assert citizen.locator(".badge.red").count() >= 1
    shot(citizen, "2-citizen-tracking-red")

    # An operator verifies and routes it.
    desk = phone()
    desk.set_viewport_size({"width": 1280, "height": 900})
    log_in(desk, live_server.url, operator.username)
    desk.goto(f"{live_server.url}/console/")
    assert all_images_loaded(desk)  # the queue's thumbnail
    shot(desk, "3-operator-queue")
    open_link(desk, report.code, f"**/console/r/{report.code}/")
    assert "Budi Santoso" in desk.content()  # operators may call the reporter back
    desk.wait_for_selector("#report-map .leaflet-interactive", state="attached")
    desk.click("button:has-text('Verifikasi & teruskan')")
    desk.wait_for_selector("text=diteruskan")
    shot(desk, "4-operator-report")
    assert Report.objects.get().status == Status.VERIFIED

    # The supervisor accepts and completes with a proof photo.
    field = phone()
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/")
    shot(field, "5-supervisor-jobs")
    open_link(field, report.code, f"**/sigap/r/{report.code}/")
    field.wait_for_selector("button:has-text('Terima / tanggapi')")
    assert "Budi" not in field.content()  # the reporter's contact stays with the operators
    field.click("button:has-text('Terima / tanggapi')")
    field.wait_for_selector("button:has-text('Selesai dengan bukti')")
    field.set_input_files("input[name=proof]", str(after))
    field.fill("textarea[name=note]", "Lubang sudah ditambal aspal.")
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector("h2:text-is('Foto bukti')")
    assert Report.objects.get().status == Status.DONE
    shot(field, "6-supervisor-done")

    # The citizen sees green with before and after, confirms and rates.
    citizen.goto(private_link)
    assert citizen.locator(".badge.green").count() >= 1
    assert citizen.locator("text=Sebelum").count() and citizen.locator("text=Sesudah").count()
    assert citizen.locator("main img").count() >= 2 and all_images_loaded(citizen)
    shot(citizen, "7-citizen-green")
    citizen.click("button:has-text('Konfirmasi selesai')")
    citizen.wait_for_selector("button:has-text('Kirim penilaian')")
    citizen.check("input[name=stars][value='5']")
    citizen.fill("textarea[name=comment]", "Cepat sekali, terima kasih!")
    citizen.click("button:has-text('Kirim penilaian')")
    citizen.wait_for_load_state()
    citizen.wait_for_selector("text=5 / 5")
    shot(citizen, "8-citizen-rated")

    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.rating == 5
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
