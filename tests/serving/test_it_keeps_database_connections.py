"""A web process keeps its database connection between requests, on SQLite as on PostgreSQL:
opening SQLite's file for every request was two fifths of a light read's cost."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection

from laksa.org.models import Jurisdiction

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_default_keeps_connections_a_minute(settings: Any) -> None:
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60


def test_a_request_ending_leaves_the_connection_open(city: Any) -> None:
    """What Django's handler does around every request (the test client skips it).

    The connection is opened afresh: one this worker opened earlier in the run may be older
    than CONN_MAX_AGE, and Django rightly closes that one at the request's end."""
    connection.close()
    list(Jurisdiction.objects.all())
    first = connection.connection
    request_started.send(sender=None)
    request_finished.send(sender=None)
    assert first is not None and connection.connection is first


def test_a_connection_older_than_its_age_is_closed_at_a_request_end(city: Any) -> None:
    connection.close()
    list(Jurisdiction.objects.all())
    connection.close_at = 0.0  # as if opened more than CONN_MAX_AGE ago
    request_started.send(sender=None)
    request_finished.send(sender=None)
    assert connection.connection is None
