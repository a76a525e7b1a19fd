"""Across the processes of a real server (two workers, each with its own in-memory cache, as
`make run` without Redis): the same ETag from both, and a change made in another process (here,
the test's) is in every answer within a second (published.VERSION_TTL), from whichever worker
answers."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

import pytest

from laksa.catalog import published
from laksa.catalog.models import Category
from tests import asgi_server

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 24
"""Requests each on a new connection: the two workers share them (most unevenly at worst)."""


def _get(server: asgi_server.Server, path: str, **headers: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("ETag") or "", response.read()
    finally:
        conn.close()


def test_it_answers_every_process_alike_and_renews_them_all_within_a_second(
    tmp_path: Path, catalog: Category
) -> None:
    path = "/open311/v2/services.json"
    with asgi_server.running(tmp_path, workers=2) as server:
        warm = [_get(server, path) for _ in range(ROUNDS)]
        assert {status for status, _, _ in warm} == {200}
        assert len({etag for _, etag, _ in warm}) == 1 and len({body for *_, body in warm}) == 1
        etag = warm[0][1]
        assert {_get(server, path, **{"If-None-Match": etag})[0] for _ in range(ROUNDS)} == {304}

        catalog.name_id = "Lampu jalan padam"
        catalog.save()
        time.sleep(published.VERSION_TTL + 0.2)  # each worker keeps the version it read a second

        after = [_get(server, path, **{"If-None-Match": etag}) for _ in range(ROUNDS)]
        assert {status for status, _, _ in after} == {200}
        assert all(b"Lampu jalan padam" in body for *_, body in after)
        assert len({new for _, new, _ in after}) == 1 and after[0][1] != etag
