"""A phone's 12-megapixel photo is made small before it is sent (static/laksa/shrink.js), by a
supervisor closing a job and by a citizen reporting, and keeps what is read from it: the EXIF
capture time and GPS, and which way is up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from laksa.dispatch import actions as field_actions
from laksa.reports import actions
from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status
from tests.browser.conftest import fill_report, log_in, shot
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHOSEN = """selector => { const f = document.querySelector(selector).files[0];
  return [f.size, f.type, f.name]; }"""
"""The file the form holds, which is what the form (or SIGAP's queue, reading it) sends."""


def phone_photo(tmp_path, city, seed):
    """A 4.9 MB JPEG stored sideways, as phones do: 4000x3000 pixels with "turn 90° to show"
    in EXIF, taken now at a point in Barat."""
    taken = timezone.localtime(timezone.now(), city.tz).replace(tzinfo=None)
    data = make_image(
        seed=seed, size=(4000, 3000), grain=12, orientation=6, gps=IN_WEST, taken_at=taken
    )
    path = tmp_path / "IMG_20261129_101500.jpg"
    path.write_bytes(data)
    return path, len(data)


def test_a_big_proof_photo_is_sent_small_with_its_exif(
    live_server, phone, tmp_path, make_report, operator, supervisor_a, city
):
    report = make_report(seed=31)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor_a)
    photo, taken_size = phone_photo(tmp_path, city, seed=32)

    field = phone()
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/r/{report.code}/")
    field.set_input_files("input[name=proof]", str(photo))
    field.wait_for_selector("form[action$='/complete/']:not([data-shrinking]) button:enabled")
    chosen = field.evaluate(CHOSEN, "input[name=proof]")
    field.fill("form[action$='/complete/'] textarea[name=note]", "Sudah ditambal.")
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector("h2:text-is('Foto bukti')")
    shot(field, "sigap-8-big-photo-done")
    print(f"proof photo: {taken_size} bytes taken, {chosen[0]} bytes queued and sent")

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert chosen[1:] == ["image/jpeg", "IMG_20261129_101500.jpg"]
    assert 50_000 < chosen[0] < 1_000_000 and taken_size > 4_000_000, chosen
    proof = report.photos.get(kind=PhotoKind.PROOF)
    assert (proof.time_source, proof.location_source) == ("exif", "exif")
    assert proof.distance_m is not None and proof.distance_m < 5
    assert (proof.width, proof.height) == (1200, 1600)  # upright once, not turned twice


def test_a_citizens_big_photo_is_sent_small_with_its_place(
    live_server, phone, tmp_path, pothole, city
):
    photo, taken_size = phone_photo(tmp_path, city, seed=33)
    citizen = phone()
    fill_report(
        citizen,
        live_server.url,
        category=pothole,
        description="Lubang besar di depan pasar.",
        photo=photo,
        at=IN_WEST,
    )
    citizen.wait_for_selector("#report-form:not([data-shrinking]) button:enabled")
    chosen = citizen.evaluate(CHOSEN, "input[name=photos]")
    citizen.click("button:has-text('Kirim laporan')")
    citizen.wait_for_url("**/r/*/*/")

    assert 50_000 < chosen[0] < 1_000_000 < taken_size, chosen
    report = Report.objects.get()
    stored = report.photos.get()
    assert (stored.width, stored.height) == (1200, 1600)
    assert stored.gps_lat is not None and abs(stored.gps_lat - IN_WEST[0]) < 1e-4
