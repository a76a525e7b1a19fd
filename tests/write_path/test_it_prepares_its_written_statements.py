"""Issue 15: on PostgreSQL the statements Laksa writes out by hand (a report's inserts, its code
counter, the event's lock, the tracking page's and home page's stamps) are prepared once per
connection after a few runs (laksa.lib.prepared), instead of parsed and planned every time;
LAKSA_DB_PREPARE=0 prepares none (a pooler in transaction mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.lib import prepared
from laksa.org import keys
from laksa.org.models import Application
from laksa.public.stats import home_stamp
from laksa.reports.selectors import tracking_stamp
from tests.write_path.test_it_creates_a_report_with_few_queries import open311_post

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [" ".join(row[0].split()) for row in cursor.fetchall()]


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (make test-pg runs this)")


@pytest.mark.usefixtures("postgres")
def test_a_reports_statements_are_prepared_after_a_few_posts(
    api: Client, app_key: str, streetlight: Any, west: Any
) -> None:
    for n in range(7):
        assert open311_post(api, app_key, n).status_code == 200

    kept = prepared_statements()
    for written in (
        'INSERT INTO "reports_report"',
        'INSERT INTO "reports_reportevent"',
        'INSERT INTO "notify_message"',
        'UPDATE "reports_codecounter"',
        "SELECT pg_advisory_xact_lock($1)",
    ):
        assert [s for s in kept if written in s], f"{written} is not prepared: {kept}"


@pytest.mark.usefixtures("postgres")
def test_the_pages_stamps_are_prepared_and_answer_as_before(make_report: Any, city: Any) -> None:
    report = make_report()
    first, first_home = tracking_stamp(report.code), home_stamp(city)
    for _ in range(6):
        assert tracking_stamp(report.code) == first
        assert home_stamp(city) == first_home
    assert tracking_stamp("TNG-0000-00000") is None

    kept = prepared_statements()
    assert [s for s in kept if "MAX(e.id)" in s and "r.code = $1" in s]
    assert [s for s in kept if "kpi_watermark" in s]

    with CaptureQueriesContext(connection) as queries:  # the query log shows the values sent
        tracking_stamp(report.code)
    assert [q for q in queries.captured_queries if f"r.code = '{report.code}'" in q["sql"]]


def test_a_prepared_cursor_is_djangos_own_on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite keeps its own compiled statements")
    with prepared.cursor() as cursor:
        cursor.execute("SELECT %s + 1", [1])
        assert cursor.fetchone() == (2,)


@pytest.mark.parametrize(("setting", "threshold"), [(None, 5), ("2", 2), ("0", None)])
def test_the_threshold_is_a_setting(setting: str | None, threshold: int | None) -> None:
    env = {
        **os.environ,
        "LAKSA_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/laksa_settings_only",
        "DJANGO_SETTINGS_MODULE": "laksa.settings",
    }
    env.pop("LAKSA_DB_PREPARE", None)
    if setting is not None:
        env["LAKSA_DB_PREPARE"] = setting
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == str(threshold)


def test_a_reader_makes_the_row_the_orm_makes(app_key: str) -> None:
    """The key's application, read by the statement written once, is the ORM's instance: the
    same values of the same types (times with their zone, on SQLite too), saved as an update."""
    orm = Application.objects.get()
    orm.last_used_at = orm.created_at
    orm.save(update_fields=["last_used_at"])
    orm = Application.objects.get()

    read = keys.holder_of(app_key)

    assert read is not None
    fields = [f.attname for f in Application._meta.concrete_fields]
    assert [getattr(read, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert read.last_used_at is not None and read.last_used_at.tzinfo is not None
    assert not read._state.adding and read._state.db == "default"
    assert keys.holder_of("not-a-key") is None
