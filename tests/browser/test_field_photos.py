"""A phone's 12-megapixel proof photo is made small before it is sent (shrink.js), and keeps
what the proof checks read from it: the EXIF capture time and GPS, and which way is up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from laksa.dispatch import actions as field_actions
from laksa.reports import actions
from laksa.reports.models import PhotoKind
from laksa.reports.statuses import Status
from tests.browser.conftest import log_in, shot
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_big_proof_photo_is_sent_small_with_its_exif(
    live_server, phone, tmp_path, make_report, operator, supervisor_a, city
):
    report = make_report(seed=31)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor_a)
    taken = timezone.localtime(timezone.now(), city.tz).replace(tzinfo=None)
    # Stored sideways, as phones do: 4000x3000 pixels with "turn 90° to show" in EXIF.
    original = make_image(
        seed=32, size=(4000, 3000), grain=12, orientation=6, gps=IN_WEST, taken_at=taken
    )
    photo = tmp_path / "IMG_20261129_101500.jpg"
    photo.write_bytes(original)

    field = phone()
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/r/{report.code}/")
    field.set_input_files("input[name=proof]", str(photo))
    field.wait_for_selector("form[action$='/complete/']:not([data-shrinking]) button:enabled")
    chosen = field.evaluate(
        "() => { const f = document.querySelector('input[name=proof]').files[0];"
        " return [f.size, f.type, f.name]; }"
    )
    field.fill("form[action$='/complete/'] textarea[name=note]", "Sudah ditambal.")
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector("h2:text-is('Foto bukti')")
    shot(field, "sigap-6-big-photo-done")
    print(f"proof photo: {len(original)} bytes taken, {chosen[0]} bytes queued and sent")

    report.refresh_from_db()
    assert report.status == Status.DONE
    # What the queue sends is the input's file (sigap.js reads the form): the small one.
    assert chosen[1:] == ["image/jpeg", "IMG_20261129_101500.jpg"]
    assert 50_000 < chosen[0] < 1_000_000 and len(original) > 4_000_000, chosen
    proof = report.photos.get(kind=PhotoKind.PROOF)
    assert (proof.time_source, proof.location_source) == ("exif", "exif")
    assert proof.distance_m is not None and proof.distance_m < 5
    assert (proof.width, proof.height) == (1200, 1600)  # upright once, not turned twice
