"""Finding 8 of issue 16: every screen works under the Content-Security-Policy with nothing
refused. Each screen is opened (and its live parts made to move: htmx swaps, map clusters, the
wall's pulse, the charts) by the person who uses it, on Laksa's real server, while the page
records every `securitypolicyviolation` event, every console error naming the policy and every
uncaught script error; none may come. Screenshots at 390x844 and 1920x1080 kept as artifacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from laksa.kpi import counting
from laksa.live.models import WallScreen
from laksa.reports import actions
from tests import asgi_server
from tests.browser.conftest import fill_report, log_in, shot
from tests.conftest import IN_EAST, IN_WEST
from tests.images import make_image
from tests.kpi.conftest import Story, story  # noqa: F401
from tests.kpi_indicators.conftest import agencies  # noqa: F401
from tests.kpi_indicators.test_it_exports_the_monthly_report import loaded  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}

WATCH = """(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.effectiveDirective + " refused " + (e.blockedURI || "inline") + " at " +
      e.sourceFile + ":" + e.lineNumber + " " + e.sample);
  }, true);
})();"""


class Watched:
    """A browser context whose pages report what the policy refused, screen by screen."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(locale="id-ID", **options)
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str, ready: str | None = None, name: str | None = None) -> Any:
        """Open `url` (it must answer 200), wait for `ready` when given, and note what the
        policy refused there."""
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        self.page.wait_for_load_state()
        if ready:
            self.page.wait_for_selector(ready, state="attached")
        self.settle()
        if name:
            shot(self.page, name)
        return self.page

    def settle(self) -> None:
        """Let late scripts run (maps, fetches, htmx), then collect the page's violations."""
        self.page.wait_for_timeout(400)
        self.problems += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__csp")]
        self.page.evaluate("window.__csp.length = 0")

    def close(self) -> list[str]:
        self.context.close()
        return self.problems


def test_it_refuses_nothing_on_the_citizens_screens(
    browser: Any,
    tmp_path: Path,
    city: Any,
    pothole: Any,
    west: Any,
    east: Any,
    make_report: Any,
    done_report: Any,
) -> None:
    make_report(seed=5)  # three open reports near one another: the map draws a colour pie
    make_report(seed=6, at=IN_EAST)
    counting.count_new_events()  # the statistics read the counted tables
    photo = tmp_path / "lubang.jpg"
    photo.write_bytes(make_image(seed=11, size=(1200, 900)))
    with asgi_server.running(tmp_path) as server:
        url = server.url
        phone = Watched(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                        has_touch=True)  # fmt: skip
        phone.visit(url + "/", name="csp-home-phone")
        phone.visit(url + "/peta/", ready=".server-cluster, .leaflet-interactive",
                    name="csp-map-phone")  # fmt: skip
        phone.visit(f"{url}/r/{done_report.code}/", ready=".status-card.green",
                    name="csp-tracking-phone")  # fmt: skip
        phone.visit(f"{url}/r/{done_report.code}/{done_report.secret}/", ready=".status-card")
        phone.visit(url + "/statistik/", ready=".bars .bar", name="csp-stats-phone")
        phone.visit(url + "/buku-tamu/", ready="form")
        phone.visit(url + "/masuk/", ready="input[name=username]")

        # The report form: the category's questions and the reports nearby arrive by htmx,
        # and sending it goes through to the private tracking page.
        fill_report(phone.page, url, category=pothole, description="Lubang di depan pasar",
                    photo=photo, at=IN_WEST)  # fmt: skip
        phone.page.evaluate("document.body.dispatchEvent(new CustomEvent('laksa:point'))")
        phone.page.wait_for_selector("#nearby .support-btn")
        phone.page.click("#nearby .support-btn")  # htmx POST, its answer swapped in
        phone.settle()
        shot(phone.page, "csp-report-form-phone")
        phone.page.click("button:has-text('Kirim laporan')")
        phone.page.wait_for_url("**/r/*/*/")
        phone.settle()
        problems = phone.close()

        desk = Watched(browser, viewport=WIDE)
        desk.visit(url + "/peta/", ready=".leaflet-interactive, .server-cluster",
                   name="csp-map-1920")  # fmt: skip
        desk.visit(url + "/statistik/", ready=".bars .bar", name="csp-stats-1920")
        desk.visit(url + "/api/v1/docs", ready=".swagger-ui .info")
        problems += desk.close()
    assert not problems, "\n".join(problems)


def test_it_refuses_nothing_on_the_staff_screens(
    browser: Any,
    tmp_path: Path,
    city: Any,
    make_report: Any,
    done_report: Any,
    operator: Any,
    supervisor_a: Any,
    admin_user: Any,
    pothole: Any,
) -> None:
    waiting = make_report(seed=4, at=IN_EAST)
    routed = make_report(seed=9)
    actions.verify_report(routed, by=operator)  # a job for SIGAP's list and map
    screen = WallScreen.objects.create(jurisdiction=city, name="LIVE Room")
    with asgi_server.running(tmp_path) as server:
        url = server.url
        room = Watched(browser, viewport=WIDE)
        log_in(room.page, url, operator.username)
        room.visit(url + "/console/", ready=f"#queue-list tr[data-code='{waiting.code}']",
                   name="csp-console-1920")  # fmt: skip
        room.visit(f"{url}/console/r/{waiting.code}/", ready="#presence",
                   name="csp-console-report-1920")  # fmt: skip
        room.visit(f"{url}/console/r/{done_report.code}/")
        room.visit(url + "/console/telepon/", ready="form")
        room.visit(url + "/console/eskalasi/")
        room.visit(url + "/console/pesan/")
        room.visit(url + "/live/wall", ready="#wall-map")
        problems = room.close()

        tv = Watched(browser, viewport=WIDE)
        tv.visit(f"{url}/live/wall/k/{screen.token}/", ready="#wall-map path.leaflet-interactive")
        tv.page.wait_for_function("() => document.querySelectorAll('#wall-newest li').length >= 1")
        make_report(seed=8, at=IN_WEST)  # a new report pulses on the wall
        tv.page.wait_for_selector(".wall-pulse", state="attached")
        tv.settle()
        shot(tv.page, "csp-wall-1920")
        problems += tv.close()

        field = Watched(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                        has_touch=True)  # fmt: skip
        log_in(field.page, url, supervisor_a.username)
        field.visit(url + "/sigap/", ready=f"a[href$='/sigap/r/{routed.code}/']")
        field.page.click("#show-map")  # Leaflet loaded on demand
        field.page.wait_for_selector("#jobs-map .leaflet-interactive", state="attached")
        field.settle()
        shot(field.page, "csp-sigap-phone")
        field.visit(f"{url}/sigap/r/{routed.code}/")
        field.visit(f"{url}/sigap/r/{done_report.code}/", name="csp-sigap-report-phone")
        field.visit(url + "/sigap/offline/")
        problems += field.close()

        admin = Watched(browser, viewport=WIDE)
        log_in(admin.page, url, admin_user.username)
        admin.visit(url + "/admin/", ready="#content-main", name="csp-admin-1920")
        admin.visit(url + "/admin/reports/report/", ready="#result_list")
        admin.visit(f"{url}/admin/catalog/category/{pothole.pk}/change/", ready="form")
        admin.visit(url + "/admin/org/agency/add/", ready="form")
        problems += admin.close()
    assert not problems, "\n".join(problems)


def test_it_refuses_nothing_on_the_performance_screens(
    browser: Any,
    tmp_path: Path,
    mayor: Any,
    head_a: Any,
    lurah: Any,
    agency_a: Any,
    west: Any,
    story: Story,  # noqa: F811
    loaded: None,  # noqa: F811
) -> None:
    from laksa.kpi.indicators.models import Project

    counting.count_new_events()
    project = Project.objects.first()
    assert project is not None
    month = "tahun=2026&bulan=6"
    with asgi_server.running(tmp_path) as server:
        url = server.url
        desk = Watched(browser, viewport=WIDE)
        log_in(desk.page, url, mayor.username)
        desk.visit(url + "/kinerja/?date_from=2026-11-01&date_to=2026-11-30",
                   ready="#kpi-heat .leaflet-interactive", name="csp-kinerja-1920")  # fmt: skip
        desk.visit(f"{url}/kinerja/instansi/{agency_a.pk}/?date_from=2026-11-01")
        desk.visit(f"{url}/kinerja/wilayah/{west.pk}/?date_from=2026-11-01")
        desk.visit(f"{url}/kinerja/indikator/?{month}", ready=".ind-chart",
                   name="csp-indikator-1920")  # fmt: skip
        desk.visit(f"{url}/kinerja/indikator/instansi/{agency_a.code}/?{month}")
        desk.visit(f"{url}/kinerja/indikator/proyek/{project.pk}/", ready=".ind-chart")
        desk.visit(f"{url}/kinerja/indikator/anggaran/?{month}", ready=".ind-chart")
        desk.visit(f"{url}/kinerja/indikator/pengadaan/?{month}", ready=".ind-chart")
        desk.visit(f"{url}/kinerja/indikator/impor/", ready="form")
        desk.visit(f"{url}/kinerja/indikator/laporan-bulanan/?{month}&format=html",
                   ready="table", name="csp-laporan-1920")  # fmt: skip
        problems = desk.close()

        mobile = Watched(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                         has_touch=True)  # fmt: skip
        log_in(mobile.page, url, head_a.username)
        mobile.visit(url + "/kinerja/", name="csp-kinerja-agency-phone")
        mobile.visit(f"{url}/kinerja/indikator/?{month}", ready=".ind-chart",
                     name="csp-indikator-phone")  # fmt: skip
        problems += mobile.close()

        area = Watched(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                       has_touch=True)  # fmt: skip
        log_in(area.page, url, lurah.username)
        area.visit(url + "/kinerja/", name="csp-kinerja-area-phone")
        problems += area.close()
    assert not problems, "\n".join(problems)
