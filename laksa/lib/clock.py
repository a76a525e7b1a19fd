"""The one clock of the domain (STYLE.md 16).

Every action, sweep and due-time computation that needs "now" takes it as `now=` or asks this
module, so a test, the demo loader or a replay says which moment it is in one place, and nothing
depends silently on the real date, weekday or hour. Tests move it with time-machine.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def today(tz: ZoneInfo) -> date:
    """Today's date on the given city's clock."""
    return timezone.localtime(now(), tz).date()
