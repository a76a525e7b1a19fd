"""`?format=csv&table=NAME` writes the rows the page shows."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from laksa.kpi import counting
from tests.conftest import login

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_the_agency_ranking(story, mayor):
    counting.count_new_events()
    response = login(mayor).get("/kinerja/", {"format": "csv", "table": "agencies"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[:4] == ["Instansi", "Masuk", "Ditanggapi", "Selesai"]
    by_name = {row[0]: row for row in rows}
    # DPUPR: A and C received, A dispatched and done once, C rejected; A resolved in 10-20 h.
    assert by_name["DPUPR"][1:5] == ["2", "1", "1", "1"]
    assert by_name["DPUPR"][header.index("Penyelesaian (median, jam kerja)")] == "10-20 jam"
    assert by_name["DPUPR"][header.index("Nilai rata-rata (1-5)")] == "5.0"
    assert by_name["Dishub"][1] == "1"


def test_it_exports_the_weeks_of_an_agency(story, head_a, agency_a):
    counting.count_new_events()
    url = reverse("kpi:agency", args=[agency_a.pk])
    response = login(head_a).get(url, {"format": "csv", "table": "weeks"})
    header, *rows = rows_of(response)
    assert header[0] == "Mulai periode" and len(rows) == 12
    assert rows[-1][0] == "2026-11-02" and rows[-1][1] == "2"


def test_it_answers_404_for_an_unknown_table(story, mayor):
    response = login(mayor).get("/kinerja/", {"format": "csv", "table": "rahasia"})
    assert response.status_code == 404
