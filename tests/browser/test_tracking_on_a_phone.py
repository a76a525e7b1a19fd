"""On a phone (390x844) the tracking page fits: the details beside a long question's answer
wrap inside the card, and the header stays one short row, after sending and when green."""

from __future__ import annotations

import pytest

from laksa.catalog.models import Category, Datatype, Question
from laksa.reports import actions
from tests.browser.conftest import fill_report, shot
from tests.conftest import IN_WEST
from tests.images import make_image, processed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX_PX = 64

OVERFLOW = """() => {
  const card = document.querySelector('.status-card').getBoundingClientRect();
  const out = [...document.querySelectorAll('.status-card .facts > *')]
    .map(el => [el.textContent.trim().slice(0, 40), el.getBoundingClientRect().right])
    .filter(([_, right]) => right > card.right + 0.5);
  return {card: card.right, out: out, page: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def long_questions(pothole: Category) -> Category:
    """The demo city's question prompts, which are longer than the test city's."""
    pothole.questions.all().delete()
    Question.objects.create(
        category=pothole,
        code="ukuran",
        datatype=Datatype.SINGLEVALUELIST,
        required=True,
        prompt_id="Seberapa besar kerusakannya dan apakah membahayakan pengendara?",
        prompt_en="How big is the damage, and does it endanger riders?",
        values=[
            {"key": "kecil", "name_id": "Kecil (< 30 cm)", "name_en": "Small (< 30 cm)"},
            {"key": "besar", "name_id": "Besar (> 1 m)", "name_en": "Large (> 1 m)"},
        ],
    )
    Question.objects.create(
        category=pothole,
        code="akses",
        datatype=Datatype.MULTIVALUELIST,
        required=False,
        prompt_id="Apa saja yang terdampak oleh kerusakan jalan ini?",
        prompt_en="What is affected by this damage?",
        order=1,
        values=[
            {"key": "jalan", "name_id": "Jalan", "name_en": "Road"},
            {"key": "rumah", "name_id": "Rumah warga", "name_en": "Homes"},
            {"key": "sekolah", "name_id": "Sekolah", "name_en": "School"},
        ],
    )
    return pothole


def assert_fits(page, name):
    shot(page, name)
    found = page.evaluate(OVERFLOW)
    assert found["out"] == [], found
    assert found["page"] <= 390, found  # no sideways scrolling of the whole page
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= HEADER_MAX_PX, header


def test_it_fits_the_details_and_header_on_a_phone_after_sending(
    live_server, phone, tmp_path, long_questions, west, city
):
    city.name = "Kota Tangerang Selatan"
    city.save(update_fields=["name"])
    photo = tmp_path / "lubang.jpg"
    photo.write_bytes(make_image(seed=41))
    citizen = phone()
    fill_report(
        citizen,
        live_server.url,
        category=long_questions,
        description="Lubang besar di depan SDN, motor sering jatuh.",
        photo=photo,
        at=IN_WEST,
    )
    citizen.check("input[name=q_akses][value=rumah]")
    citizen.check("input[name=q_akses][value=sekolah]")
    citizen.click("button:has-text('Kirim laporan')")
    citizen.wait_for_url("**/r/*/*/")
    assert "Rumah warga, Sekolah" in citizen.content()
    assert_fits(citizen, "citizen-phone-1-sent")
    citizen.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    citizen.reload()
    assert "Will be forwarded to" in citizen.content()
    assert_fits(citizen, "citizen-phone-1-sent-en")


def test_it_fits_the_details_and_header_on_a_phone_when_green(
    live_server, phone, long_questions, west, city, operator, supervisor_a
):
    city.name = "Kota Tangerang Selatan"
    city.save(update_fields=["name"])
    report = actions.create_report(
        actions.NewReport(
            category=long_questions,
            description="Lubang besar di depan sekolah",
            lat=IN_WEST[0],
            lng=IN_WEST[1],
            channel="web",
            photos=[processed(42)],
            answers={"ukuran": "besar", "akses": ["jalan", "rumah", "sekolah"]},
        )
    )
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(43)], note="Sudah ditambal")
    citizen = phone()
    citizen.goto(f"{live_server.url}/r/{report.code}/{report.secret}/")
    assert citizen.locator(".badge.green").count() == 1
    assert_fits(citizen, "citizen-phone-2-green")
    citizen.goto(f"{live_server.url}/r/{report.code}/")
    assert_fits(citizen, "citizen-phone-3-green-public")
    # The same page on a wide screen keeps the details as two plain columns.
    citizen.set_viewport_size({"width": 1920, "height": 1080})
    shot(citizen, "citizen-desktop-green-public")
    assert citizen.evaluate(OVERFLOW)["out"] == []
    assert citizen.locator("header.topbar").bounding_box()["height"] <= HEADER_MAX_PX
