"""A web process keeps its database connection between requests, on SQLite as on PostgreSQL:
opening SQLite's file for every request was two fifths of a light read's cost."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_default_keeps_connections_a_minute(settings: Any) -> None:
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60


def test_two_requests_share_one_connection(citizen: Client, city: Any) -> None:
    citizen.get("/open311/v2/services.json")
    first = connection.connection
    citizen.get("/open311/v2/services.json")
    assert first is not None and connection.connection is first
