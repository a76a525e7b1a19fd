"""Gammu SMSD's SQL inbox: new rows are stored in the intake inbox, long messages joined by their
UDH, each row marked Processed='true' once stored; the huey task does the same every minute; the
drain makes the reports."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laksa.intake import tasks
from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, fixture_text


@pytest.fixture
def smsd_db(tmp_path: Path) -> Path:
    path = tmp_path / "smsd.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(fixture_text("gammu_inbox.sql"))
    return path


@pytest.fixture
def polled(gammu_account: Any, smsd_db: Path) -> Any:
    gammu_account.settings = {"database_url": f"sqlite:///{smsd_db}", "poll_inbox": "yes"}
    gammu_account.save(update_fields=["settings"])
    return gammu_account


def _processed(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT ID, Processed FROM inbox ORDER BY ID").fetchall()


def test_it_reads_new_rows_and_marks_them_processed(
    polled: Any, smsd_db: Path, west: Any, east: Any, clock: Any, capsys: Any
) -> None:
    clock.at("2026-12-01T09:00")
    call_command("sms_poll_gammu")
    assert capsys.readouterr().out.strip() == "modem: 2 message(s)"
    assert InboxMessage.objects.count() == 2 and not Report.objects.exists()
    drain()
    single, joined = Report.objects.order_by("id")
    assert single.description == "Lampu jalan mati" and single.kelurahan_id == west.pk
    assert joined.description.startswith("sampah menumpuk di TPS")
    assert joined.description.endswith("sudah lima hari belum diangkut petugas.")
    assert joined.kelurahan_id == east.pk and joined.contact.phone == "+6285711112222"
    assert joined.idempotency_key == "modem:2"
    assert _processed(smsd_db) == [(1, "true"), (2, "true"), (3, "true")]
    call_command("sms_poll_gammu", "--account", "modem")
    drain()
    assert Report.objects.count() == 2


def test_it_stores_again_nothing_it_stored_before_a_crash(
    polled: Any, smsd_db: Path, clock: Any
) -> None:
    """The poller died after the inbox row committed and before SMSD's rows were marked: the
    next poll reads them again, and the inbox keeps one row each."""
    clock.at("2026-12-01T09:00")
    call_command("sms_poll_gammu")
    with sqlite3.connect(smsd_db) as conn:
        conn.execute("UPDATE inbox SET Processed = 'false'")
    call_command("sms_poll_gammu")
    assert InboxMessage.objects.count() == 2
    drain()
    assert Report.objects.count() == 2


def test_it_waits_for_the_missing_part_of_a_long_message(
    polled: Any, smsd_db: Path, clock: Any
) -> None:
    with sqlite3.connect(smsd_db) as conn:
        conn.execute("DELETE FROM inbox WHERE ID = 3")
    clock.at("2026-12-01T09:00")
    assert tasks.poll_gammu_inboxes.call_local() == 1
    assert _processed(smsd_db) == [(1, "true"), (2, "false")]
    clock.at("2026-12-01T09:05")
    assert tasks.poll_gammu_inboxes.call_local() == 0
    clock.at("2026-12-01T09:20")  # SMSD gave up on it long ago: read what came
    assert tasks.poll_gammu_inboxes.call_local() == 1
    assert _processed(smsd_db) == [(1, "true"), (2, "true")]
    drain()
    assert Report.objects.order_by("id").last().description == "hari belum diangkut petugas."


def test_it_gives_the_same_report_to_run_on_receive_and_the_inbox(
    polled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMS_MESSAGES", "1")
    monkeypatch.setenv("SMS_1_NUMBER", "+6281234567890")
    monkeypatch.setenv("SMS_1_TEXT", "Lapor. Lampu jalan mati #Barat")
    call_command("sms_receive", "--account", "modem", "1")
    call_command("sms_poll_gammu")
    drain()
    assert InboxMessage.objects.count() == 2  # row 1 once, the two-part message once
    assert Report.objects.count() == 2
    assert sorted(Report.objects.values_list("idempotency_key", flat=True)) == [
        "modem:1",
        "modem:2",
    ]


def test_it_polls_only_accounts_that_ask_for_it(polled: Any, smsd_db: Path) -> None:
    polled.settings = {"database_url": f"sqlite:///{smsd_db}"}
    polled.save(update_fields=["settings"])
    assert tasks.poll_gammu_inboxes.call_local() == 0
    assert not InboxMessage.objects.exists()


def test_it_says_when_the_modem_database_cannot_be_read(gammu_account: Any, tmp_path: Path) -> None:
    gammu_account.settings = {"database_url": f"sqlite:///{tmp_path}/tidak/ada.sqlite"}
    gammu_account.save(update_fields=["settings"])
    with pytest.raises(CommandError, match="modem"):
        call_command("sms_poll_gammu", "--account", "modem")
    gammu_account.settings = {"database_url": "mysql://smsd@localhost/smsd"}
    gammu_account.save(update_fields=["settings"])
    with pytest.raises(CommandError, match="sqlite"):
        call_command("sms_poll_gammu", "--account", "modem")


PGSQL_INBOX = """
CREATE TABLE inbox (
  "UpdatedInDB" timestamp(0) WITHOUT time zone NOT NULL DEFAULT LOCALTIMESTAMP(0),
  "ReceivingDateTime" timestamp(0) WITHOUT time zone NOT NULL DEFAULT LOCALTIMESTAMP(0),
  "Text" text NOT NULL,
  "SenderNumber" varchar(20) NOT NULL DEFAULT '',
  "Coding" varchar(255) NOT NULL DEFAULT 'Default_No_Compression',
  "UDH" text NOT NULL,
  "SMSCNumber" varchar(20) NOT NULL DEFAULT '',
  "Class" integer NOT NULL DEFAULT '-1',
  "TextDecoded" text NOT NULL DEFAULT '',
  "ID" serial PRIMARY KEY,
  "RecipientID" text NOT NULL,
  "Processed" boolean NOT NULL DEFAULT 'false'
)"""


def test_it_reads_an_inbox_in_postgresql(gammu_account: Any, clock: Any) -> None:
    """Gammu's pgsql.sql quotes its column names and makes Processed a boolean."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the SMSD database on PostgreSQL needs LAKSA_DATABASE_URL=postgres://…")
    import psycopg

    admin_url = connection.settings_dict
    base = (
        f"postgresql://{admin_url['USER']}@{admin_url['HOST'] or '127.0.0.1'}:"
        f"{admin_url['PORT'] or 5432}"
    )
    name = "laksa_test_smsd"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
            conn.execute(PGSQL_INBOX)
            conn.execute(
                'INSERT INTO inbox ("ReceivingDateTime", "Text", "SenderNumber", "UDH", '
                '"TextDecoded", "RecipientID") VALUES '
                "('2026-12-01 08:56:10', '', '081234567890', '050003A70202', ' #Barat', 'm'),"
                "('2026-12-01 08:56:09', '', '081234567890', '050003A70201', 'lampu mati', 'm')"
            )
        gammu_account.settings = {"database_url": f"{base}/{name}"}
        gammu_account.save(update_fields=["settings"])
        clock.at("2026-12-01T09:00")
        call_command("sms_poll_gammu", "--account", "modem")
        drain()
        report = Report.objects.get()
        assert report.description == "lampu mati" and report.address == "Barat"
        with psycopg.connect(f"{base}/{name}") as conn:
            flags = conn.execute('SELECT "Processed" FROM inbox ORDER BY "ID"').fetchall()
        assert flags == [(True,), (True,)]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
