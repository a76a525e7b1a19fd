"""huey reads every active IMAP mailbox every three minutes (the task in email/tasks.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from laksa.intake.email.tasks import poll_mailboxes
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.email.conftest import MORNING, fixture_bytes
from tests.intake.email.fake_imap import FakeImap


def test_it_runs_every_three_minutes() -> None:
    task = poll_mailboxes.s()
    assert task.validate_datetime(datetime(2026, 12, 1, 9, 3))
    assert not task.validate_datetime(datetime(2026, 12, 1, 9, 4))


def test_it_reads_the_active_mailboxes(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    clock.at(MORNING)
    imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    imap.mailbox.deliver(fixture_bytes("html_only.eml"))

    assert poll_mailboxes.call_local() == 2
    assert Report.objects.count() == 2
