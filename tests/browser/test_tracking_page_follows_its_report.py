"""A citizen keeps their private tracking page open on a phone, served as `make run` serves it:
when the LIVE Room routes the report, the agency takes it and the crew finishes it with proof,
the page shows each step without a reload, with the before-and-after photos at the end. A public
tracking page follows its public report the same way; a report that is not public is followed
only through its private link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from laksa.reports import actions
from tests import asgi_server
from tests.browser.conftest import shot
from tests.images import processed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STATUS = ".status-card .badge"


def test_the_private_page_shows_each_step_without_a_reload(
    browser: Any, phone: Any, tmp_path: Path, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = make_report(seed=4)
    with asgi_server.running(tmp_path) as server:
        page = phone()
        page.goto(f"{server.url}/r/{report.code}/{report.secret}/")
        assert page.locator(STATUS).inner_text() == "Baru"
        assert page.locator("#track-live").is_hidden()
        page.evaluate("() => { window.notReloaded = true; }")
        # No wait for the stream to open: a step taken before it opens is read when it opens.
        actions.verify_report(report, by=operator, public_note="Diteruskan ke Dinas PUPR.")
        page.wait_for_function(
            "s => document.querySelector(s).textContent !== 'Baru'", arg=STATUS, timeout=5000
        )
        assert page.locator("#track-live").is_visible()
        assert "Diteruskan ke Dinas PUPR." in page.locator("[data-live=timeline]").inner_text()
        shot(page, "tracking-live-1-verified-phone")

        actions.accept_job(report, by=supervisor_a)
        actions.finish_job(report, by=supervisor_a, proof=[processed(9)], note="Sudah ditambal")
        page.wait_for_selector(".before-after", timeout=5000)
        assert page.locator(STATUS).inner_text() == "Selesai"
        assert (
            page.locator("[data-live=actions] button:has-text('Konfirmasi selesai')").count() == 1
        )
        assert page.evaluate("() => window.notReloaded") is True
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        shot(page, "tracking-live-2-done-phone")


def test_a_report_that_is_not_public_is_followed_only_with_its_link(
    browser: Any, tmp_path: Path, make_report: Any, pothole: Any, operator: Any
) -> None:
    report = make_report(seed=5)
    report.public = False
    report.save(update_fields=["public"])
    with asgi_server.running(tmp_path) as server:
        stream = f"{server.url}/live/stream?code={report.code}"
        desk = browser.new_context()
        owner = desk.new_page()
        owner.goto(f"{server.url}/r/{report.code}/{report.secret}/")
        actions.verify_report(report, by=operator)
        owner.wait_for_function(
            "s => document.querySelector(s).textContent !== 'Baru'", arg=STATUS, timeout=5000
        )
        answer = desk.request.get(f"{stream}&secret=wrong")
        assert answer.status == 403
        assert answer.json()["errors"][0]["message"].startswith("Tautan pribadi")
        desk.close()


def test_a_step_taken_before_the_stream_opens_is_shown(
    browser: Any, phone: Any, tmp_path: Path, make_report: Any, operator: Any
) -> None:
    """The stream follows from the moment it opens: the page reads itself again when it does."""
    report = make_report(seed=6)
    with asgi_server.running(tmp_path) as server:
        page = phone()
        held: list[Any] = []
        page.route("**/live/stream*", lambda route: held.append(route))  # the stream waits here
        page.goto(f"{server.url}/r/{report.code}/{report.secret}/")
        for _ in range(200):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the page never asked for its stream"
        assert page.locator(STATUS).inner_text() == "Baru"
        actions.verify_report(report, by=operator, public_note="Diteruskan ke Dinas PUPR.")
        held[0].continue_()  # the stream opens after the step: it will never carry it
        page.wait_for_function(
            "s => document.querySelector(s).textContent !== 'Baru'", arg=STATUS, timeout=10_000
        )
        assert "Diteruskan ke Dinas PUPR." in page.locator("[data-live=timeline]").inner_text()
