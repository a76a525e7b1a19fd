"""An open stream costs the server no thread: Django's ASGI handler would keep one per request
(its ThreadSensitiveContext) for as long as the response lasts, an idle OS thread and its memory
for every listening browser. The stream handler of laksa/asgi.py runs those short sync steps in
one shared thread instead."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests import asgi_server
from tests.asgi_server import open_stream
from tests.conftest import login

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc"),
]

STREAMS = 12


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def test_it_keeps_open_streams_without_a_thread_each(
    tmp_path: Path, make_report: Any, operator: Any
) -> None:
    client = login(operator)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with asgi_server.running(tmp_path) as server:
        # One stream of each kind first: the hub, its database thread and the shared pools start.
        for warm in (open_stream(server), open_stream(server, cookie=cookie)):
            warm.close()
        before = threads(server.process.pid)
        streams = [
            open_stream(server, cookie=cookie if i % 2 else "", last_id=0) for i in range(STREAMS)
        ]
        report = make_report(seed=1)
        for stream in streams:  # every one is served, the staff and the public alike
            assert [e["code"] for e in stream.take(1)] == [report.code]
        assert threads(server.process.pid) - before <= 2
        for stream in streams:
            stream.close()
