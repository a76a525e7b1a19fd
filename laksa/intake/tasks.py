"""Intake's jobs under huey: the inbox's new rows handled right after the door accepted them
(where LAKSA_INBOX_TASK is on; make run's drain processes do it instead), the inbox drained every
minute (the safety net when that task was lost: a process that died, a queue that could not be
reached), quiet chat conversations made into reports, and Gammu SMSD's SQL inbox read every
minute."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from laksa.intake import conversations, inbox
from laksa.intake.sms.gammu_sql import GammuDatabaseError, poll, polled_accounts

log = logging.getLogger("laksa.intake.sms")


@db_task()
def handle_inbox(ids: list[int]) -> int:
    """The rows a door has just accepted (inbox.accept enqueues this after commit when
    LAKSA_INBOX_TASK is on)."""
    return inbox.handle_pending(len(ids), ids=ids)


@db_periodic_task(crontab(minute="*"))
def drain_inbox() -> int:
    """Whatever is due in the inbox, for up to 50 seconds; overlapping runs are harmless (each
    row is handled in its own transaction, claimed by one worker)."""
    return inbox.drain(max_seconds=50)


@db_periodic_task(crontab(minute="*"))
def settle_conversations() -> int:
    """Chat conversations quiet for conversations.SETTLE become reports with what they have."""
    return conversations.settle()


@db_periodic_task(crontab(minute="*"))
def poll_gammu_inboxes() -> int:
    """Every city's Gammu accounts with `poll_inbox=yes`; one unreachable modem database does
    not stop the others."""
    accepted = 0
    for account in polled_accounts():
        try:
            accepted += poll(account)
        except GammuDatabaseError as exc:
            log.warning("Gammu inbox of %s: %s", account.name, exc)
    return accepted


from laksa.intake.email.tasks import poll_mailboxes  # noqa: E402, F401  (huey finds tasks per app)
