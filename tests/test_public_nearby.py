"""Before filing, the citizen sees open reports of the same category nearby and can support one."""

from __future__ import annotations

import pytest

from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import IN_WEST, OUTSIDE

pytestmark = pytest.mark.django_db


def _nearby(client, category, at=IN_WEST):
    return client.get(
        "/lapor/dekat/", {"category": category.pk, "lat": str(at[0]), "lng": str(at[1])}
    )


def test_it_lists_open_reports_of_the_same_category_nearby(citizen, make_report, pothole):
    report = make_report()
    photo = report.photos.get()
    html = _nearby(citizen, pothole).content.decode()
    assert report.code in html and "Dukung laporan ini" in html
    assert f"/foto/{photo.uuid}-t.jpg" in html
    assert f'hx-post="/r/{report.code}/dukung/"' in html
    assert 'class="badge red"' in html


def test_it_leaves_out_far_other_category_private_and_closed_reports(
    citizen, make_report, pothole, streetlight, operator
):
    make_report(seed=1, category=streetlight)
    hidden = make_report(seed=2)
    Report.objects.filter(pk=hidden.pk).update(public=False)
    rejected = make_report(seed=3)
    actions.reject_report(rejected, by=operator, reason="Spam")
    assert "Dukung" not in _nearby(citizen, pothole).content.decode()
    make_report(seed=4)
    assert "Dukung" not in _nearby(citizen, pothole, at=OUTSIDE).content.decode()


def test_it_answers_empty_for_missing_or_bad_input(citizen, pothole):
    for params in [{}, {"category": "x", "lat": "1", "lng": "2"}, {"category": pothole.pk}]:
        response = citizen.get("/lapor/dekat/", params)
        assert response.status_code == 200 and "Dukung" not in response.content.decode()
