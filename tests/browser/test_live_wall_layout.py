"""The wall's layout on a 1920x1080 TV: the map, the agency table, the counters and the newest
reports each have their own place, none over another, with a full agency table; a finished
report shows its citizen's photo and its proof side by side. Screenshot: wall-4-layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from laksa.live.models import WallScreen
from laksa.org.models import Agency, AgencyKind
from laksa.reports import actions
from laksa.reports.models import Report
from tests import asgi_server
from tests.browser.test_live_wall import shot_wall
from tests.conftest import IN_EAST
from tests.images import processed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX = "s => { const r = document.querySelector(s).getBoundingClientRect();" \
    " return {x: r.x, y: r.y, width: r.width, height: r.height}; }"  # fmt: skip


def _box(page: Any, selector: str) -> dict[str, float]:
    return dict(page.evaluate(BOX, selector))


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_it_keeps_the_map_clear_of_the_agency_table_on_a_1920x1080_screen(
    browser: Any, tmp_path: Path, city: Any, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    # As many agencies with open reports as the table shows: it is at its tallest.
    for n in range(14):
        agency = Agency.objects.create(
            jurisdiction=city, code=f"OPD{n}", abbreviation=f"Dinas {n}", kind=AgencyKind.OPD,
            name=f"Dinas Uji {n}",
        )  # fmt: skip
        report = make_report(seed=30 + n, at=IN_EAST)
        Report.objects.filter(pk=report.pk).update(agency=agency)
    done = make_report(seed=5)  # the newest, so first in the column
    actions.verify_report(done, by=operator)
    actions.accept_job(done, by=supervisor_a)
    actions.finish_job(done, by=supervisor_a, proof=[processed(77)], note="Sudah ditambal")
    screen = WallScreen.objects.create(jurisdiction=city, name="LIVE Room")

    with asgi_server.running(tmp_path) as server:
        tv = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
        wall = tv.new_page()
        wall.goto(f"{server.url}/live/wall/k/{screen.token}/")
        wall.wait_for_function(
            "() => document.querySelectorAll('#wall-agency-rows tr').length >= 9"
        )
        wall.wait_for_selector("#wall-map path.leaflet-interactive", state="attached")

        map_box = _box(wall, "#wall-map")
        table = _box(wall, ".wall-agencies")
        assert not _overlap(map_box, table), (map_box, table)
        for other in (".wall-counters", ".wall-feed", ".wall-head"):
            assert not _overlap(map_box, _box(wall, other)), other
        assert map_box["width"] >= 800 and map_box["height"] >= 800  # still the wall's centre
        # Everything is on the screen, the table's last row too, of 14 agencies.
        assert wall.locator("#wall-agency-rows tr").count() == 14
        assert table["y"] + table["height"] <= 1080
        last_row = _box(wall, "#wall-agency-rows tr:last-child")
        assert last_row["y"] + last_row["height"] <= table["y"] + table["height"]

        # The finished report: before and after, side by side, both loaded.
        item = f"#wall-newest li[data-code='{done.code}']"
        wall.wait_for_function(
            "s => [...document.querySelectorAll(s)].length === 2 &&"
            " [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth > 0)",
            arg=f"{item} img",
        )
        before, after = _box(wall, f"{item} figure.before"), _box(wall, f"{item} figure.after")
        assert before["y"] == after["y"] and before["x"] + before["width"] <= after["x"]
        assert wall.locator(f"{item} figure.after figcaption").inner_text() == "Sesudah"
        shot_wall(wall, "wall-4-layout")
        tv.close()
