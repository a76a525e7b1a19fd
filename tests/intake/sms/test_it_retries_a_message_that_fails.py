"""A message whose handling raises is kept: the error recorded, retried with backoff, and after
MAX_ATTEMPTS left pending for operators, who can start it again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from laksa.intake import inbox
from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, fixture_bytes, post_gateway


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> Any:
    def fails(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(inbox, "handle", fails)
    return monkeypatch


def test_it_records_the_error_and_tries_again_later(
    gateway_account: Any, clock: Any, broken: Any
) -> None:
    failed_at = clock.at("2026-12-01T09:00")
    post_gateway(fixture_bytes("gateway_message.json"))
    assert drain() == 0
    row = InboxMessage.objects.get()
    assert row.attempts == 1 and "RuntimeError: disk penuh" in row.last_error
    assert row.next_attempt_at == failed_at + timedelta(seconds=30)
    assert row.handled_at is None
    clock.at("2026-12-01T09:00:20")
    assert not inbox.anything_due()  # what an idle drain reads before it claims
    assert drain() == 0 and InboxMessage.objects.get().attempts == 1  # not yet due
    clock.at("2026-12-01T09:00:31")
    assert inbox.anything_due()
    drain()
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at == clock.now() + timedelta(seconds=60)
    broken.undo()
    clock.at("2026-12-01T09:01:40")
    assert drain() == 1
    row.refresh_from_db()
    assert row.outcome == "report" and row.last_error == "" and Report.objects.count() == 1
    assert not inbox.anything_due()


def test_it_stops_trying_after_max_attempts_and_never_drops_the_row(
    gateway_account: Any, clock: Any, broken: Any
) -> None:
    clock.at("2026-12-01T09:00")
    post_gateway(fixture_bytes("gateway_message.json"))
    for _ in range(inbox.MAX_ATTEMPTS + 3):
        drain()
        clock.shift(hours=2)
    row = InboxMessage.objects.get()
    assert row.attempts == inbox.MAX_ATTEMPTS and row.handled_at is None
    assert not inbox.anything_due()  # given up: the idle drain does not claim it again
    broken.undo()
    assert drain() == 0  # given up: an operator decides
    assert inbox.retry(InboxMessage.objects.all()) == 1
    assert drain() == 1 and Report.objects.count() == 1


def test_it_leaves_a_failed_row_to_the_drain_not_to_the_next_task(
    gateway_account: Any, clock: Any, broken: Any
) -> None:
    clock.at("2026-12-01T09:00")
    [row] = inbox.accept(gateway_account, [inbox.Sms("081234567890", "lampu mati", "f-1")])
    assert inbox.handle_pending(ids=[row.pk]) == 0
    broken.undo()
    assert inbox.handle_pending(ids=[row.pk]) == 0  # the on-commit task: first tries only
    clock.shift(seconds=31)
    assert inbox.handle_pending() == 1
