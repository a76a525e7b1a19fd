"""Long messages arrive in parts; each door joins them in order before reading the keyword."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from laksa.intake.sms.gammu_sql import Row, concatenation, messages
from laksa.intake.sms.inbound import from_gammu_env
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, fixture_bytes, gammu_env, post_gateway


def test_it_reads_smsds_decoded_text_of_a_two_part_message() -> None:
    sms = from_gammu_env(gammu_env("gammu_env_concatenated.env"), ["17", "16"])
    assert sms.text.startswith("LAPOR Jalan berlubang") and "air hujan. Mohon" in sms.text
    assert sms.sender == "+6281234567890" and sms.message_id == "16"


def test_it_joins_the_parts_when_smsd_decoded_none(
    gammu_account: Any, east: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in gammu_env("gammu_env_parts_only.env").items():
        monkeypatch.setenv(key, value)
    call_command("sms_receive", "--account", "modem", "7", "8")
    drain()
    report = Report.objects.get()
    assert "sama sekali." in report.description and report.address == "Timur"
    assert report.kelurahan_id == east.pk


def test_it_joins_a_gateways_parts(gateway_account: Any) -> None:
    assert post_gateway(fixture_bytes("gateway_parts.json")).status_code == 200
    drain()
    report = Report.objects.get()
    assert "oleh petugas kebersihan." in report.description and report.address == "Barat"


@pytest.mark.parametrize(
    ("udh", "expected"),
    [
        ("050003A70201", (0xA7, 2, 1)),
        ("050003a70302", (0xA7, 3, 2)),
        ("0608041234030", None),  # odd length: not hex bytes
        ("060804123403 02", (0x1234, 3, 2)),
        ("0A0504158A00000003070302", (7, 3, 2)),  # a port element before the concatenation
        ("", None),
        ("zz", None),
    ],
)
def test_it_reads_the_concatenation_header(udh: str, expected: Any) -> None:
    part = concatenation(udh)
    assert (None if part is None else (part.reference, part.total, part.number)) == expected


def test_it_groups_inbox_rows_by_sender_and_reference() -> None:
    rows = [
        Row(5, "+6281", "b", "050003010202", None),
        Row(6, "+6282", "x", "050003010202", None),  # same reference, another sender
        Row(7, "+6281", "a", "050003010201", None),
        Row(8, "+6281", "single", "", None),
    ]
    grouped = messages(rows)
    assert [(m.sms().text, m.complete) for m in grouped] == [
        ("ab", True),
        ("x", False),
        ("single", True),
    ]
    assert grouped[0].sms().message_id == "5"
