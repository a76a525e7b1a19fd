"""Many citizens at once: every accepted report is stored, each with its own code."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from laksa.reports.actions import NewReport, create_report
from laksa.reports.models import Channel, Report, ReportEvent
from tests.conftest import IN_WEST
from tests.images import processed


@pytest.mark.django_db(transaction=True)
def test_it_stores_every_concurrent_report_with_a_unique_code(pothole, west):
    photo = processed(3)

    def submit(i: int) -> str:
        try:
            report = create_report(
                NewReport(
                    category=pothole,
                    description=f"Laporan {i}",
                    lat=IN_WEST[0],
                    lng=IN_WEST[1],
                    channel=Channel.WEB,
                    photos=[photo],
                    idempotency_key=f"k-{i}",
                )
            )
            return report.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(submit, range(30)))
    assert len(set(codes)) == 30
    assert Report.objects.count() == 30
    assert ReportEvent.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_report_for_concurrent_retries_of_one_message(pothole, west):
    def submit(_: int) -> int:
        try:
            return create_report(
                NewReport(
                    category=pothole,
                    description="Pesan WhatsApp",
                    lat=IN_WEST[0],
                    lng=IN_WEST[1],
                    channel=Channel.WHATSAPP,
                    idempotency_key="wamid.ABC",
                )
            ).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(submit, range(8)))
    assert len(ids) == 1 and Report.objects.count() == 1
