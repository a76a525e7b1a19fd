"""An action the server refused (409) stays in the phone's queue with the reason, and offers
what can be done: open the job again, or remove the item. Never "Kirim sekarang", which would
only be refused again. The words are the page's (Indonesian here), not the script's."""

from __future__ import annotations

import time

import pytest

from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Submission
from laksa.reports import actions
from laksa.reports.models import Report
from laksa.reports.statuses import Status
from tests.browser.conftest import log_in, shot, wait_until_kept

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(check, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_refused_action_offers_to_open_the_job_or_remove_it(
    live_server, phone, make_report, operator, supervisor_a, crew_a
):
    report = make_report(seed=81)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    field = phone()
    context = field.context
    log_in(field, live_server.url, supervisor_a.username)
    field.goto(f"{live_server.url}/sigap/")
    field.evaluate("() => navigator.serviceWorker.ready")
    job = f"{live_server.url}/sigap/r/{report.code}/"
    field.goto(job)
    field.wait_for_selector("button:has-text('Mulai kerjakan')")
    wait_until_kept(field, job, "Mulai kerjakan")

    # Without signal the supervisor starts the job; meanwhile the crew has started it already.
    context.set_offline(True)
    field.goto(job)
    field.click("button:has-text('Mulai kerjakan')")
    field.wait_for_selector("#queue-count:has-text('1 menunggu dikirim')")
    assert field.locator("#queue-send").is_visible()  # something waits: it may be sent
    field_actions.start_job(report, by=supervisor_a)

    context.set_offline(False)  # the queue sends it by itself; the server refuses it
    assert wait_for(lambda: Submission.objects.filter(report=report, ok=False).exists())
    refused = field.locator("#queue-items li.failed")
    refused.wait_for()
    assert "ditolak server: Pekerjaan ini sudah dimulai." in refused.inner_text()
    assert field.locator("#queue-send").is_hidden()  # no send that would be refused again
    assert field.locator("#queue-refused").is_visible()
    open_again = refused.locator("a:has-text('Buka pekerjaan')")
    remove = refused.locator("button:has-text('Hapus dari antrean')")
    assert open_again.is_visible() and remove.is_visible()
    assert "Send" not in field.locator("#queue").inner_text()  # nothing in the script's English
    shot(field, "sigap-refused-action-choices")

    open_again.click()  # the job as it is now: started, and the refused item still shown
    field.wait_for_selector("button:has-text('Selesai dengan bukti')")
    field.locator("#queue-items li.failed").wait_for()
    assert field.locator("#queue-send").is_hidden()
    remove = field.locator("#queue-items li.failed button:has-text('Hapus dari antrean')")
    remove.click()
    field.wait_for_selector("#queue", state="hidden")
    shot(field, "sigap-refused-action-removed")
    assert Report.objects.get(pk=report.pk).status == Status.IN_PROGRESS


def test_an_action_on_a_job_no_longer_yours_offers_the_job_list(
    live_server, phone, make_report, operator, supervisor_a, worker_a, crew_a, agency_a
):
    """Given to another crew while the worker had no signal: the job no longer opens for them
    (404), so the refused item leads to their job list instead."""
    from laksa.dispatch.models import Crew

    report = make_report(seed=82)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    field = phone()
    context = field.context
    log_in(field, live_server.url, worker_a.username)
    field.goto(f"{live_server.url}/sigap/")
    field.evaluate("() => navigator.serviceWorker.ready")
    job = f"{live_server.url}/sigap/r/{report.code}/"
    field.goto(job)
    field.wait_for_selector("button:has-text('Mulai kerjakan')")
    wait_until_kept(field, job, "Mulai kerjakan")
    context.set_offline(True)
    field.goto(job)
    field.click("button:has-text('Mulai kerjakan')")
    field.wait_for_selector("#queue-count:has-text('1 menunggu dikirim')")
    other = Crew.objects.create(agency=agency_a, name="Regu Tambal 2")
    field_actions.assign_crew(report, by=supervisor_a, crew=other)

    context.set_offline(False)
    refused = field.locator("#queue-items li.failed")
    refused.wait_for()
    assert "bukan lagi tugas Anda" in refused.inner_text()
    assert field.locator("#queue-send").is_hidden()
    assert refused.locator("a:has-text('Buka pekerjaan')").count() == 0
    refused.locator("a:has-text('Daftar pekerjaan')").click()
    field.wait_for_url(f"{live_server.url}/sigap/")
    assert field.locator(f"main .jobs >> text={report.code}").count() == 0  # not theirs now
    field.locator("#queue-items li.failed").wait_for()
    shot(field, "sigap-refused-job-no-longer-yours")
