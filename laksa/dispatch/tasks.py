"""The escalation sweep, run by the huey worker every five minutes."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.dispatch.escalation import sweep


@db_periodic_task(crontab(minute="*/5"))
def escalate_late_reports() -> int:
    """Idempotent: a step already taken is never taken again."""
    return sweep()
