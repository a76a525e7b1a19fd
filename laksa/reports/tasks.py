"""Background jobs of the report lifecycle, run by the huey worker beside the web server."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from laksa.lib import heap
from laksa.reports import photo_files
from laksa.reports.actions import close_unconfirmed


@HUEY.on_startup()
def keep_the_heap_out_of_the_collector() -> None:
    """The worker's warm heap frozen after its first tasks (laksa.lib.heap)."""
    heap.watch_tasks(HUEY)


@db_periodic_task(crontab(minute="*/15"))
def close_unconfirmed_reports() -> int:
    """Done reports nobody disputed within the window turn closed; safe to run at any time."""
    return close_unconfirmed()


@db_periodic_task(crontab(minute="7"))
def sweep_orphan_photos() -> int:
    """Photo files whose transaction never committed (a caller's rollback) are removed."""
    return photo_files.sweep_orphans()
