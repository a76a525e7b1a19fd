"""SIGAP on a phone without signal: the supervisor accepts and sends a crew, loses the signal,
completes the job with a photo (queued on the phone), gets the signal back, and the citizen's
page turns green with before and after."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Assignment, Crew, Submission
from laksa.reports import actions
from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status
from tests.browser.conftest import (
    all_images_loaded,
    log_in,
    open_link,
    shot,
    wait_for_a_fix,
    wait_until_kept,
)
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(check, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def page_weight(page) -> int:
    """Bytes the page and its scripts and styles took (photos excluded), as the browser counts."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation')
             .concat(performance.getEntriesByType('resource'))
             .filter(e => !/\\/foto\\//.test(e.name))
             .reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)"""
    )


def test_a_job_completed_offline_reaches_the_citizen_when_the_signal_returns(
    live_server, phone, tmp_path, make_report, operator, supervisor_a, crew_a
):
    report = make_report(seed=21)
    actions.verify_report(report, by=operator)
    after = tmp_path / "selesai.jpg"
    after.write_bytes(make_image(seed=22, size=(1600, 1200)))

    field = phone(
        geolocation={"latitude": IN_WEST[0], "longitude": IN_WEST[1]},
        permissions=["geolocation"],
    )
    context = field.context
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/")
    weights = {"jobs": page_weight(field)}
    field.evaluate("() => navigator.serviceWorker.ready")
    assert field.locator(f"text={report.code}").count() == 1
    shot(field, "sigap-1-jobs")

    # Online: accept and send the crew (through the same queue; sent at once).
    open_link(field, report.code, f"**/sigap/r/{report.code}/")
    weights["job"] = page_weight(field)
    field.select_option("select[name=crew]", str(crew_a.pk))
    field.fill("textarea[name=instructions]", "Tambal dengan aspal dingin")
    shot(field, "sigap-2-job-accept")
    field.click("button:has-text('Terima / tanggapi')")
    field.wait_for_selector("button:has-text('Selesai dengan bukti')")
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    assert Assignment.objects.get(report=report, ended_at=None).crew == crew_a
    field.reload()  # the page as it now is goes into the phone's cache
    field.wait_for_selector("button:has-text('Selesai dengan bukti')")
    wait_until_kept(field, f"{live_server.url}/sigap/r/{report.code}/", "Selesai dengan bukti")

    # No signal: the page still opens from the phone, and the completion waits there.
    context.set_offline(True)
    field.goto(f"{live_server.url}/sigap/r/{report.code}/")
    field.wait_for_selector("button:has-text('Selesai dengan bukti')")
    wait_for_a_fix(field)
    field.set_input_files("input[name=proof]", str(after))
    field.fill("form[action$='/complete/'] textarea[name=note]", "Lubang sudah ditambal.")
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector("#queue-count:has-text('1 menunggu dikirim')")
    assert field.locator("#queue-net").inner_text().startswith("Tanpa sinyal")
    shot(field, "sigap-3-offline-waiting")
    other = context.new_page()  # a screen never opened online: the app's offline page
    other.goto(f"{live_server.url}/sigap/r/UJI-0000-00000/")
    assert other.locator("h1:text-is('Tanpa sinyal')").count() == 1
    other.close()
    time.sleep(1)
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED  # nothing sent yet

    # The signal returns: the queue empties by itself, once.
    context.set_offline(False)
    assert wait_for(lambda: Report.objects.get(pk=report.pk).status == Status.DONE)
    field.wait_for_selector("h2:text-is('Foto bukti')")
    assert field.locator("#queue").is_hidden()
    shot(field, "sigap-4-sent")
    report.refresh_from_db()
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert Submission.objects.filter(report=report).count() == 2  # accept, complete
    proof = report.photos.get(kind=PhotoKind.PROOF)
    assert proof.location_source == "device" and proof.distance_m is not None

    # The citizen's page: green, before and after side by side.
    citizen = phone()
    citizen.goto(
        live_server.url + reverse("public:track_private", args=[report.code, report.secret])
    )
    assert citizen.locator(".badge.green").count() >= 1
    assert citizen.locator("text=Sebelum").count() and citizen.locator("text=Sesudah").count()
    assert all_images_loaded(citizen)
    shot(citizen, "sigap-5-citizen-green")

    for name, weight in weights.items():
        assert 0 < weight < 150_000, (name, weight)
    print(f"SIGAP page weight (bytes, photos excluded): {weights}")


def test_a_refused_action_does_not_hold_back_the_rest_of_the_queue(
    live_server, phone, tmp_path, make_report, operator, supervisor_a, worker_a, crew_a, agency_a
):
    """A worker starts a job without signal; the job is then given to another crew. On a weak
    signal (the phone thinks it is online) the worker starts and completes a second job from one
    page. When sends get through, the first is shown refused with its reason and the second job
    is started and completed, not refused as stale."""
    moved, kept = make_report(seed=31), make_report(seed=32)
    for report in (moved, kept):
        actions.verify_report(report, by=operator)
        field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    after = tmp_path / "selesai.jpg"
    after.write_bytes(make_image(seed=33, size=(1200, 900)))
    field = phone(
        geolocation={"latitude": IN_WEST[0], "longitude": IN_WEST[1]},
        permissions=["geolocation"],
    )
    context = field.context
    log_in(field, live_server.url, worker_a.username)
    field.goto(f"{live_server.url}/sigap/")
    field.evaluate("() => navigator.serviceWorker.ready")
    for report in (moved, kept):  # each job's page goes into the phone's cache
        field.goto(f"{live_server.url}/sigap/r/{report.code}/")
        field.wait_for_selector("button:has-text('Mulai kerjakan')")

    context.set_offline(True)
    field.goto(f"{live_server.url}/sigap/r/{moved.code}/")
    field.click("button:has-text('Mulai kerjakan')")
    field.wait_for_selector("#queue-count:has-text('1 menunggu dikirim')")
    field_actions.assign_crew(
        moved, by=supervisor_a, crew=Crew.objects.create(agency=agency_a, name="Regu Tambal 2")
    )

    # A weak signal: online, but no action gets through.
    def no_answer(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/sigap/r/**", no_answer)
    context.set_offline(False)
    field.goto(f"{live_server.url}/sigap/r/{kept.code}/")
    field.click("button:has-text('Mulai kerjakan')")
    field.wait_for_selector("#queue-count:has-text('2 menunggu dikirim')")
    field.set_input_files("input[name=proof]", str(after))
    field.click("button:has-text('Selesai dengan bukti')")
    field.wait_for_selector("#queue-count:has-text('3 menunggu dikirim')")
    assert field.locator("#queue-items li.waiting button:has-text('Hapus')").count() >= 1  # stuck
    shot(field, "sigap-6-weak-signal-waiting")
    assert Report.objects.get(pk=kept.pk).status == Status.DISPATCHED

    # The signal gets through: the refused one is marked, the rest goes on.
    context.unroute("**/sigap/r/**")
    field.click("#queue-send")
    assert wait_for(lambda: Report.objects.get(pk=kept.pk).status == Status.DONE)
    field.wait_for_selector("#queue-items li.failed:has-text('bukan lagi tugas Anda')")
    assert field.locator("#queue-items li.waiting").count() == 0
    assert Report.objects.get(pk=moved.pk).status == Status.DISPATCHED
    shot(field, "sigap-7-refused-and-rest-sent")
    field.click("#queue-items li.failed button:has-text('Hapus')")
    field.wait_for_selector("#queue", state="hidden")
