"""Background jobs of the organisation's records, run by the huey worker."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.org.keys import prune_log


@db_periodic_task(crontab(minute="23", hour="*/6"))
def prune_api_request_log() -> int:
    """API request log rows older than LAKSA_API_LOG_DAYS are deleted."""
    return prune_log()
