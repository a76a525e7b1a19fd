"""A dashboard reads the counts with a fixed number of queries, whatever the number of reports."""

from __future__ import annotations

import pytest

from laksa.kpi import counting
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_it_reads_the_same_number_of_queries_with_more_reports(
    story, mayor, make_report, clock, django_assert_max_num_queries
):
    counting.count_new_events()
    client = login(mayor)
    client.get("/kinerja/")
    with django_assert_max_num_queries(40) as first:
        assert client.get("/kinerja/").status_code == 200
    for seed in range(10, 16):
        make_report(seed=seed)
    counting.count_new_events()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/kinerja/").status_code == 200
