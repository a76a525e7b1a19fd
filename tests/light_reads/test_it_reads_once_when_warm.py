"""A light read answered from the cache costs one query, the version's primary-key read: for a
200 and for a 304 alike (with no key: a key is checked and logged, whatever the answer)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.light_reads.conftest import LIGHT_READS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", LIGHT_READS)
def test_it_costs_one_primary_key_read_when_warm(citizen: Client, catalog: Any, path: str) -> None:
    etag = citizen.get(path)["ETag"]  # cold: renders and caches
    with CaptureQueriesContext(connection) as warm:
        assert citizen.get(path).status_code == 200
    with CaptureQueriesContext(connection) as revalidated:
        assert citizen.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    for queries in (warm, revalidated):
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert "catalog_catalogversion" in queries[0]["sql"]


def test_it_costs_more_only_when_cold(citizen: Client, catalog: Any) -> None:
    citizen.get("/open311/v2/services.json")
    catalog.save()  # a new version: the next answer is rendered again
    with CaptureQueriesContext(connection) as cold:
        citizen.get("/open311/v2/services.json")
    assert len(cold) > 1
