"""A hand-counted story over two city days (WIB, working hours 08:00-18:00 every day):

3 Nov 2026: 08:00 report A (pothole, Barat, web); 09:00 A verified; 10:00 A accepted (2 working
hours to respond); 11:00 report B (street light, Timur, phone); 12:00 report C (pothole, Barat,
web); 12:30 C rejected.
4 Nov 2026: 10:00 A done (12 working hours to resolve); 11:00 A rated 5; 12:00 A disputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from laksa.reports import actions
from laksa.reports.models import Channel, Report
from tests.conftest import IN_EAST
from tests.images import processed

DAY1 = date(2026, 11, 3)
DAY2 = date(2026, 11, 4)


@dataclass
class Story:
    a: Report
    b: Report
    c: Report


@pytest.fixture
def story(
    clock: Any, make_report: Any, streetlight: Any, operator: Any, supervisor_a: Any
) -> Story:
    clock.at("2026-11-03T08:00")
    a = make_report(seed=1)
    clock.at("2026-11-03T09:00")
    actions.verify_report(a, by=operator)
    clock.at("2026-11-03T10:00")
    actions.accept_job(a, by=supervisor_a)
    clock.at("2026-11-03T11:00")
    b = make_report(seed=2, category=streetlight, at=IN_EAST, channel=Channel.PHONE)
    clock.at("2026-11-03T12:00")
    c = make_report(seed=3)
    clock.at("2026-11-03T12:30")
    actions.reject_report(c, by=operator, reason="Bukan pengaduan")
    clock.at("2026-11-04T10:00")
    actions.finish_job(a, by=supervisor_a, proof=[processed(70)])
    a.refresh_from_db()
    clock.at("2026-11-04T11:00")
    actions.rate_service(a, secret=a.secret, stars=5)
    clock.at("2026-11-04T12:00")
    actions.dispute_fix(a, secret=a.secret, reason="Lubangnya masih ada")
    clock.at("2026-11-04T13:00")
    return Story(a, b, c)
