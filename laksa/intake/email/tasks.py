"""The mailbox poll under huey: every three minutes, each active IMAP account's unread mail."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.intake.email.imap import poll_all


@db_periodic_task(crontab(minute="*/3"))
def poll_mailboxes() -> int:
    """Returns how many messages became reports or follow-ups."""
    return sum(len(r.reports) + len(r.followups) for r in poll_all())
