"""The outbox worker under huey: every minute, send what is due for up to 50 seconds. Runs that
overlap are harmless: each row is claimed by one worker at a time (outbox.py)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.notify.outbox import drain


@db_periodic_task(crontab(minute="*"))
def send_outbox() -> int:
    return drain(max_seconds=50)
