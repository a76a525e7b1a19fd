"""A door answers once the message is stored in the intake inbox; the report is made from the row
afterwards. A replay is no second row, and a worker that dies between accepting and handling, or
in the middle of handling, loses nothing: the row stays pending and a later drain makes the one
report."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake import inbox
from laksa.intake.models import InboxMessage
from laksa.intake.sms.inbound import Sms
from laksa.notify.models import Message
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, fixture_bytes, post_gateway


class Killed(BaseException):
    """The worker's process dying: not an error the drain catches and records."""


def test_it_stores_one_row_and_drains_it_into_one_report(gateway_account: Any, clock: Any) -> None:
    accepted_at = clock.at("2026-12-01T09:00")
    assert post_gateway(fixture_bytes("gateway_message.json")).status_code == 200
    row = InboxMessage.objects.get()
    assert (row.account, row.message_id, row.sender) == (
        gateway_account,
        "gw-20261201-000123",
        "0812-3456-7890",
    )
    assert row.received_at == accepted_at and row.handled_at is None
    assert not Report.objects.exists()
    handled_at = clock.at("2026-12-01T09:00:05")
    assert drain() == 1
    row.refresh_from_db()
    assert row.handled_at == handled_at and row.outcome == "report"
    assert row.report == Report.objects.get()
    assert drain() == 0


def test_it_stores_no_second_row_for_a_replay(gateway_account: Any) -> None:
    for _ in range(3):
        post_gateway(fixture_bytes("gateway_message.json"))
    assert InboxMessage.objects.count() == 1
    drain()
    post_gateway(fixture_bytes("gateway_message.json"))
    assert InboxMessage.objects.count() == 1 and Report.objects.count() == 1


def test_it_gives_back_only_the_rows_that_are_new(gateway_account: Any) -> None:
    first = inbox.accept(gateway_account, [Sms("0812", "a", "m-1"), Sms("0812", "b", "m-2")])
    again = inbox.accept(gateway_account, [Sms("0812", "b", "m-2"), Sms("0812", "c", "m-3")])
    assert [r.message_id for r in first] == ["m-1", "m-2"] and all(r.pk for r in first)
    assert [r.message_id for r in again] == ["m-3"]
    assert InboxMessage.objects.get(pk=again[0].pk).text == "c"


def test_it_keeps_a_message_whose_handling_never_started(gateway_account: Any) -> None:
    """The process died after the door's commit, before the huey task ran (or the task was lost)."""
    post_gateway(fixture_bytes("gateway_message.json"))
    assert InboxMessage.objects.filter(handled_at__isnull=True).count() == 1
    from laksa.intake import tasks

    assert tasks.drain_inbox.call_local() == 1
    assert Report.objects.count() == 1


def test_it_makes_one_report_after_a_worker_died_mid_handling(
    gateway_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_gateway(fixture_bytes("gateway_message.json"))
    real_handle = inbox.handle

    def dies_after_the_report(*args: Any, **kwargs: Any) -> Any:
        real_handle(*args, **kwargs)  # the report, its event and the acknowledgement written
        raise Killed

    monkeypatch.setattr(inbox, "handle", dies_after_the_report)
    with pytest.raises(Killed):
        drain()
    row = InboxMessage.objects.get()
    assert row.handled_at is None and row.attempts == 0 and row.last_error == ""
    assert not Report.objects.exists() and not Message.objects.exists()
    monkeypatch.setattr(inbox, "handle", real_handle)
    assert drain() == 1
    report = Report.objects.get()
    assert InboxMessage.objects.get().report == report
    assert Message.objects.filter(report=report, template_key="ack").count() == 1
