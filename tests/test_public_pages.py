"""Every citizen page renders in Indonesian and in English, with no CDN and no MEDIA_URL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_renders_every_page_in_both_languages(citizen, make_report, language):
    report = make_report()
    citizen.cookies["django_language"] = language
    for url in [
        "/",
        "/lapor/",
        f"/r/{report.code}/",
        f"/r/{report.code}/{report.secret}/",
        "/peta/",
        "/statistik/",
    ]:
        response = citizen.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html
        assert "/media/" not in html and "unpkg.com" not in html and "cdnjs" not in html


def test_it_does_not_cache_the_private_page(citizen, make_report):
    report = make_report()
    response = citizen.get(f"/r/{report.code}/{report.secret}/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'name="referrer" content="same-origin"' in response.content.decode()
