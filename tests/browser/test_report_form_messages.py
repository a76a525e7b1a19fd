"""The report form's "answer this" messages speak the page's language, not the browser's: a
citizen with an English phone on the Indonesian page (or the other way round) reads the page's
message when a required question or the description is left empty."""

from __future__ import annotations

import pytest

from laksa.reports.models import Report
from tests.browser.conftest import shot
from tests.conftest import IN_WEST
from tests.images import make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "selector => document.querySelector(selector).validationMessage"


@pytest.mark.parametrize(
    ("browser_locale", "page_language", "required", "describe", "size"),
    [
        ("en-US", "id", "Bidang ini tidak boleh kosong.", "Tuliskan masalahnya.", (390, 844)),
        ("id-ID", "en", "This field is required.", "Describe the problem.", (1920, 1080)),
    ],
)
def test_it_asks_for_a_missing_answer_in_the_pages_language(
    live_server,
    browser,
    tmp_path,
    pothole,
    west,
    browser_locale,
    page_language,
    required,
    describe,
    size,
):
    photo = tmp_path / "lubang.jpg"
    photo.write_bytes(make_image(seed=51))
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale=browser_locale
    )
    try:
        # The citizen chose the page's language with its button; the browser speaks the other.
        context.add_cookies(
            [{"name": "django_language", "value": page_language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/lapor/")
        assert page.get_attribute("html", "lang") == page_language
        page.select_option("select[name=category]", str(pothole.pk))
        page.wait_for_selector("[name=q_ukuran]", state="attached")
        page.set_input_files("input[name=photos]", str(photo))
        page.evaluate(
            "([lat, lng]) => { document.querySelector('[name=lat]').value = lat;"
            " document.querySelector('[name=lng]').value = lng; }",
            list(IN_WEST),
        )
        page.click("button[type=submit].primary")
        assert page.evaluate(MESSAGE, "input[name=q_ukuran]") == required
        assert page.evaluate(MESSAGE, "textarea[name=description]") == describe
        assert page.evaluate("() => document.activeElement.name") == "q_ukuran"
        shot(page, f"report-form-required-{page_language}-{size[0]}")
        assert Report.objects.count() == 0

        # Answered, the page's messages no longer hold the form back.
        page.check("input[name=q_ukuran][value=besar]")
        page.fill("textarea[name=description]", "Lubang besar di depan sekolah.")
        assert page.evaluate(MESSAGE, "input[name=q_ukuran]") == ""
        page.click("button[type=submit].primary")
        page.wait_for_url("**/r/*/*/")
        assert Report.objects.get().answers == {"ukuran": "besar"}
    finally:
        context.close()
