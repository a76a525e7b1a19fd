"""Issue 15, the write path: a report's creation costs a few inserts in one transaction and
little else on the request's path, whatever the door; the categories, areas, holidays, message
templates and sending accounts are the process's remembered ones (laksa.lib.memo). The city's own
query is left out, as in test_city_remembered (a process reads it once)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.sms.inbound import Sms
from laksa.reports.models import Report
from tests.api_helpers import API
from tests.conftest import IN_WEST
from tests.test_open311 import V2

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _log_in_batches(settings: Any) -> None:
    settings.LAKSA_API_LOG_BATCH = 200  # as a server does: the log is not the request's write


TRANSACTION = re.compile(r"^(BEGIN|COMMIT|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK)\b")


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The queries of the capture, without the city's and the transaction's own statements."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "org_jurisdiction"' not in q["sql"] and not TRANSACTION.match(q["sql"])
    ]


def tables_written(sql: list[str]) -> list[str]:
    written = []
    for text in sql:
        # PostgreSQL's event INSERT starts with the lock it runs first (lib.inserts.after), the
        # code taken ahead with its commit's setting (reports.actions._core._count_one)
        found = re.match(
            r'^(?:WITH \w+ AS MATERIALIZED \(.*?\) )?(INSERT INTO|UPDATE) "(\w+)"', text
        )
        if found:
            written.append(found.group(2))
    return written


def open311_post(api: Client, key: str, n: int) -> Any:
    return api.post(
        f"{V2}/requests.json",
        {
            "api_key": key,
            "service_code": "PJU-MTI",
            "lat": IN_WEST[0],
            "long": IN_WEST[1],
            "description": f"Lampu mati di gang {n}",
            "email": "warga@example.org",
        },
    )


def test_an_open311_post_is_a_few_inserts(
    api: Client, app_key: str, streetlight: Any, west: Any
) -> None:
    assert open311_post(api, app_key, 0).status_code == 200  # the process's memos fill
    with CaptureQueriesContext(connection) as queries:
        response = open311_post(api, app_key, 1)
    assert response.status_code == 200
    sql = statements(queries)
    assert tables_written(sql) == [
        "reports_reportercontact",
        "reports_codecounter",
        "reports_report",
        "notify_message",  # what follows the event first: the event's own row holds the lock
        "reports_reportevent",
    ]
    # The key's application and the retry check (same request without a key) are the reads;
    # on PostgreSQL the event's advisory lock and its NOTIFY are run by the event's INSERT.
    assert len(sql) <= 7, "\n".join(sql)
    if connection.vendor == "postgresql":
        locks = [s for s in sql if "pg_advisory_xact_lock" in s or "pg_notify" in s]
        assert len(locks) == 1 and "pg_notify" in locks[0], locks
        assert '"reports_reportevent"' in locks[0], locks
    assert not [s for s in sql if "org_apirequest" in s or "dispatch_assignment" in s]


def test_an_api_post_is_a_few_inserts_and_its_answer_two_reads(
    citizen: Client, app_key: str, pothole: Any, west: Any
) -> None:
    def post(n: int) -> Any:
        return citizen.post(
            f"{API}/reports",
            {
                "category": "INF-JLN",
                "description": f"Lubang di gang {n}",
                "lat": "-6.175",
                "lng": "106.625",
                "answers": '{"ukuran": "besar"}',
            },
            headers={"X-Api-Key": app_key, "Idempotency-Key": f"5b0c0c5e-0000-4000-8000-{n:012d}"},
        )

    assert post(0).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert post(1).status_code == 201
    sql = statements(queries)
    assert tables_written(sql) == [
        "reports_codecounter",
        "reports_report",
        "reports_reportevent",
    ]  # no contact: nobody to write to
    # The application, the key's first report, the answer's photos and public events.
    assert len(sql) <= 7, "\n".join(sql)


def test_the_drain_makes_a_report_of_an_sms_with_few_queries(
    city: Any, streetlight: Any, west: Any
) -> None:
    account = ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind.SMS_GATEWAY, name="gw", secrets={"secret": "x" * 24}
    )
    streetlight.catch_all = True
    streetlight.save(update_fields=["catch_all"])
    inbox.accept(account, [Sms("+6281200000001", "LAPOR lampu mati #Barat", "m-1")])
    inbox.accept(account, [Sms("+6281200000002", "LAPOR lampu mati lagi #Barat", "m-2")])
    assert inbox.handle_pending(1) == 1  # the process's memos fill
    with CaptureQueriesContext(connection) as queries:
        assert inbox.handle_pending(1) == 1
    sql = statements(queries)
    assert Report.objects.count() == 2
    assert tables_written(sql) == [
        "reports_reportercontact",
        "reports_codecounter",
        "reports_report",
        "notify_message",
        "reports_reportevent",
        "intake_inboxmessage",
    ]
    # Due rows, the row claimed, its account, the retry check.
    assert len(sql) <= 10, "\n".join(sql)
