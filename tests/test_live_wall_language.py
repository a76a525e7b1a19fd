"""A kiosk screen speaks its own language (WallScreen.language), whatever the TV browser says;
the staff wall, opened by a signed-in user, keeps the user's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.live.models import ScreenLanguage, WallScreen
from tests.conftest import login

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
INDONESIAN_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9"}


@pytest.fixture
def indonesian_screen(city: Any) -> WallScreen:
    return WallScreen.objects.create(jurisdiction=city, name="TV lobi")


@pytest.fixture
def english_screen(city: Any) -> WallScreen:
    return WallScreen.objects.create(
        jurisdiction=city, name="TV tamu", language=ScreenLanguage.ENGLISH
    )


def test_it_is_indonesian_by_default(indonesian_screen: WallScreen) -> None:
    assert indonesian_screen.language == "id"


def test_it_shows_an_indonesian_screen_in_indonesian_to_an_english_browser(
    indonesian_screen: WallScreen, make_report: Any
) -> None:
    make_report(seed=1)
    page = Client().get(f"/live/wall/k/{indonesian_screen.token}/", **ENGLISH_BROWSER)
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "id"
    assert '<html lang="id">' in html and "Laporan terbaru" in html and "Latest reports" not in html
    assert page.context["wall_config"]["language"] == "id"
    assert page.context["wall_config"]["labels"]["after"] == "Sesudah"
    data = (
        Client()
        .get(f"/live/wall/summary.json?kiosk={indonesian_screen.token}", **ENGLISH_BROWSER)
        .json()
    )
    assert [(r["category_name"], r["status_label"]) for r in data["newest"]] == [
        ("Jalan rusak", "Baru")
    ]


def test_it_shows_an_english_screen_in_english_to_an_indonesian_browser(
    english_screen: WallScreen, make_report: Any
) -> None:
    make_report(seed=1)
    page = Client().get(f"/live/wall/k/{english_screen.token}/", **INDONESIAN_BROWSER)
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "en"
    assert '<html lang="en">' in html and "Latest reports" in html and "Laporan terbaru" not in html
    assert page.context["wall_config"]["language"] == "en"
    state = (
        Client()
        .get(f"/live/wall/state.json?kiosk={english_screen.token}", **INDONESIAN_BROWSER)
        .json()
    )
    assert [(r["category_name"], r["status_label"]) for r in state["newest"]] == [
        ("Damaged road", "New")
    ]


def test_the_stream_of_a_screen_speaks_the_screen_language(
    english_screen: WallScreen, rf: Any
) -> None:
    from laksa.live.views import _viewer_for

    request = rf.get("/live/stream", {"kiosk": english_screen.token}, **INDONESIAN_BROWSER)
    viewer = _viewer_for(request)
    assert viewer is not None and viewer.language == "en" and viewer.screen == english_screen.pk


def test_the_staff_wall_keeps_the_users_language(operator: Any) -> None:
    client = login(operator)
    english = client.get("/live/wall", **ENGLISH_BROWSER)
    assert english.status_code == 200 and "Latest reports" in english.content.decode()
    indonesian = client.get("/live/wall", **INDONESIAN_BROWSER)
    assert "Laporan terbaru" in indonesian.content.decode()


def test_the_admin_sets_a_screens_language(admin_user: Any, indonesian_screen: WallScreen) -> None:
    client = login(admin_user)
    url = f"/admin/live/wallscreen/{indonesian_screen.pk}/change/"
    form = client.get(url)
    assert 'name="language"' in form.content.decode()
    data = {"jurisdiction": indonesian_screen.jurisdiction_id, "name": "TV lobi", "active": "on"}
    assert client.post(url, {**data, "language": "en"}).status_code == 302
    indonesian_screen.refresh_from_db()
    assert indonesian_screen.language == "en"
