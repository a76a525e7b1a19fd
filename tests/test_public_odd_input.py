"""Odd query strings get a clear answer, never a server error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/lapor/pertanyaan/?category=²",
        "/lapor/dekat/?category=²&lat=-6.17&lng=106.63",
        "/peta/data.json?zoom=²",
        "/peta/data.json?zoom=99999999999999999999",
        "/r/?code=%C2%B2",
    ],
)
def test_it_answers_unicode_digits_and_huge_numbers_without_a_500(citizen, pothole, west, url):
    assert citizen.get(url).status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+23:00"])
def test_it_reshows_the_form_for_a_datetime_answer_past_the_calendar(citizen, pothole, west, when):
    from laksa.catalog.models import Datatype, Question
    from laksa.reports.models import Report
    from tests.test_public_report_form import _post

    Question.objects.create(
        category=pothole, code="kapan", datatype=Datatype.DATETIME, required=False,
        prompt_id="Kapan", prompt_en="When",
    )  # fmt: skip
    response = _post(citizen, pothole, q_kapan=when)
    assert response.status_code == 400
    assert 'id="id_q_kapan"' in response.content.decode()
    assert "Masukkan tanggal/waktu yang valid." in response.content.decode()
    assert Report.objects.count() == 0
