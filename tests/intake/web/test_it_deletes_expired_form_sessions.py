"""Review 4, finding 10: every visit to a citizen's form writes a session row for its token; a
nightly job deletes the rows past their expiry and keeps the live ones."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from laksa.org.models import Jurisdiction
from laksa.org.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_it_deletes_expired_sessions_and_keeps_live_ones(
    city: Jurisdiction, clock: Any, settings: Any
) -> None:
    now = clock.at("2026-12-01T10:00")
    visitor = Client()
    assert visitor.get("/buku-tamu/").status_code == 200
    live = Session.objects.get()
    assert live.expire_date == now + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=now - timedelta(seconds=1)
    )

    clear_expired_sessions.call_local()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    clock.shift(seconds=settings.SESSION_COOKIE_AGE + 1)
    clear_expired_sessions.call_local()
    assert not Session.objects.exists()


def test_the_session_job_is_periodic() -> None:
    from huey.api import PeriodicTask

    assert issubclass(clear_expired_sessions.task_class, PeriodicTask)
