"""The counting job under huey: every minute, count the events committed since the last run.
Runs that overlap wait for each other on the watermark row and then find little to do."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.kpi.counting import count_new_events


@db_periodic_task(crontab(minute="*"))
def count_kpis() -> int:
    return count_new_events().days
