"""Background jobs of the report lifecycle, run by the huey worker beside the web server."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.reports import photo_files
from laksa.reports.actions import close_unconfirmed


@db_periodic_task(crontab(minute="*/15"))
def close_unconfirmed_reports() -> int:
    """Done reports nobody disputed within the window turn closed; safe to run at any time."""
    return close_unconfirmed()


@db_periodic_task(crontab(minute="7"))
def sweep_orphan_photos() -> int:
    """Photo files whose transaction never committed (a caller's rollback) are removed."""
    return photo_files.sweep_orphans()
