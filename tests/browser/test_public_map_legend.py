"""Every colour the public map draws is one its legend explains, grey (closed without work)
included, on a phone and on a wall-sized screen."""

from __future__ import annotations

import pytest

from laksa.reports import actions
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """() => [...document.querySelectorAll('#map path.leaflet-interactive')]
  .map(p => getComputedStyle(p).fill)"""
LEGEND = """() => [...document.querySelectorAll('.legend .dot')]
  .map(d => [d.className.replace('dot ', ''), getComputedStyle(d).backgroundColor,
             d.parentElement.textContent.trim()])"""


@pytest.mark.parametrize("size", [(390, 844), (1920, 1080)])
def test_it_explains_every_colour_it_draws(
    live_server, browser, make_report, operator, supervisor_a, pln, size
):
    # Far enough apart (about 600 m) to be drawn as points, not clustered, at the city's zoom.
    new = make_report(seed=1, at=(-6.172, 106.622))
    routed = make_report(seed=2, at=(-6.178, 106.628))
    actions.verify_report(routed, by=operator)
    actions.accept_job(routed, by=supervisor_a)
    duplicate = make_report(seed=3, at=(-6.172, 106.638))
    actions.merge_duplicate(duplicate, into=new, by=operator)
    referred = make_report(seed=4, at=(-6.178, 106.632))
    actions.refer_report(referred, by=operator, to=pln)

    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="id-ID")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/peta/")
        page.wait_for_function(
            "() => document.querySelectorAll('#map path.leaflet-interactive').length >= 4"
        )
        # Fitting the city to the screen animates the zoom: the picture after it has settled.
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('#map.leaflet-zoom-anim')")
        shot(page, f"public-map-legend-{size[0]}")
        drawn = set(page.evaluate(DRAWN))
        legend = page.evaluate(LEGEND)
    finally:
        context.close()
    explained = {rgb: (name, text) for name, rgb, text in legend}
    assert drawn <= set(explained), (drawn, legend)
    assert explained["rgb(122, 122, 122)"] == ("grey", "Abu-abu: ditutup tanpa pengerjaan")
    assert len(drawn) == 3  # red, yellow and grey here; green is explained all the same
