"""SIGAP on a phone, online: completing a job says at the top of the page that it worked, and
says when the proof goes to the LIVE Room for review (its place is unknown, or the photo is
another job's proof, named by its code)."""

from __future__ import annotations

import pytest

from laksa.dispatch import actions as field_actions
from laksa.reports import actions
from laksa.reports.models import PhotoKind, ProofLocation, Report
from laksa.reports.statuses import Status
from tests.browser.conftest import log_in, shot, wait_for_a_fix
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accepted(make_report, operator, supervisor, seed):
    report = make_report(seed=seed)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor)
    return report


def finish(page, base_url, report, photo, *, located=False):
    page.goto(f"{base_url}/sigap/r/{report.code}/")
    if located:
        wait_for_a_fix(page)
    page.set_input_files("input[name=proof]", str(photo))
    page.click("button:has-text('Selesai dengan bukti')")
    page.wait_for_selector(".messages li.msg-success")  # the queue sent it, the page reloaded


def test_a_completion_is_confirmed_and_a_proof_without_place_is_announced(
    live_server, phone, tmp_path, make_report, operator, supervisor_a
):
    report = accepted(make_report, operator, supervisor_a, seed=71)
    photo = tmp_path / "selesai.jpg"
    photo.write_bytes(make_image(seed=72, size=(1200, 900)))
    field = phone()  # no location allowed: the proof's place is unknown
    log_in(field, live_server.url, supervisor_a.username)
    finish(field, live_server.url, report, photo)

    top = field.locator(".messages")
    assert "Pekerjaan selesai; warga sekarang melihat foto bukti." in top.inner_text()
    warning = field.locator(".messages li.msg-warning").inner_text()
    assert "Lokasi foto bukti tidak diketahui" in warning and "LIVE Room" in warning
    assert top.bounding_box()["y"] < field.locator("h1").bounding_box()["y"]  # at the top
    assert field.locator(".proof-waiting").is_visible()
    assert Report.objects.get(pk=report.pk).proof_location == ProofLocation.UNVERIFIED
    shot(field, "sigap-completed-without-place")

    field.reload()  # said once: the confirmation does not come back
    assert field.locator(".messages").count() == 0
    assert field.locator(".proof-waiting").is_visible()  # the review still waits


def test_a_proof_already_used_for_another_job_is_flagged_with_its_code(
    live_server, phone, tmp_path, make_report, operator, supervisor_a
):
    first = accepted(make_report, operator, supervisor_a, seed=73)
    second = accepted(make_report, operator, supervisor_a, seed=74)
    photo = tmp_path / "selesai.jpg"
    photo.write_bytes(make_image(seed=75, size=(1200, 900)))
    field = phone(
        geolocation={"latitude": IN_WEST[0], "longitude": IN_WEST[1]},
        permissions=["geolocation"],
    )
    log_in(field, live_server.url, supervisor_a.username)
    finish(field, live_server.url, first, photo, located=True)
    assert field.locator(".messages li.msg-warning").count() == 0  # a new photo, a known place
    shot(field, "sigap-completed-confirmed")

    finish(field, live_server.url, second, photo, located=True)  # the same photo, another job
    warning = field.locator(".messages li.msg-warning").inner_text()
    assert f"Foto bukti sama dengan foto bukti laporan {first.code}" in warning
    second.refresh_from_db()
    assert second.status == Status.DONE and second.proof_location == ProofLocation.UNVERIFIED
    assert first.code in field.locator(".timeline .internal").inner_text()
    shot(field, "sigap-completed-with-a-reused-proof")


def test_a_photo_chosen_before_the_first_fix_gets_the_place_when_it_comes(
    live_server, phone, tmp_path, make_report, operator, supervisor_a
):
    report = accepted(make_report, operator, supervisor_a, seed=76)
    photo = tmp_path / "selesai.jpg"
    photo.write_bytes(make_image(seed=77, size=(1200, 900)))
    field = phone(permissions=["geolocation"])  # allowed, but no fix yet
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/r/{report.code}/")
    field.set_input_files("input[name=proof]", str(photo))
    noted = "() => JSON.parse(document.querySelector('input[name=capture]').value)[0]"
    assert field.evaluate(noted)["lat"] is None
    field.context.set_geolocation({"latitude": IN_WEST[0], "longitude": IN_WEST[1]})
    field.wait_for_function(f"() => ({noted})().lat !== null", timeout=10_000)
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector(".messages li.msg-success")
    assert field.locator(".messages li.msg-warning").count() == 0  # the place is known
    report.refresh_from_db()
    assert report.photos.get(kind=PhotoKind.PROOF).location_source == "device"
