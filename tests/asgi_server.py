"""Laksa's real server (uvicorn on laksa.asgi, as `make run` starts it) on the test database, for
tests of the live stream, which only an ASGI server can serve. Also a small SSE reader."""

from __future__ import annotations

import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from laksa.lib import clock

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The URL of the database this test runs on (the test copy, not the real one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def server_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: this one's, on the test database, and never with Django's
    async-safety check lifted (the browser tests lift it in their own process only)."""
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "LAKSA_DATABASE_URL": database_url(),
        "LAKSA_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # photos made by the test are served
        "LAKSA_DB_CONN_MAX_AGE": "0",
        "LAKSA_LIVE_KEEPALIVE": "1",
        **(extra or {}),
    }


def start(
    tmp: Path, *, workers: int = 1, env: dict[str, str] | None = None, graceful: bool = False
) -> Server:
    """`graceful`: shut down as plain `uvicorn` does, waiting for open responses to end."""
    port = free_port()
    log = tmp / f"uvicorn-{port}.log"
    environ = server_environment(env)
    limit = [] if graceful else ["--timeout-graceful-shutdown", "1"]
    server = "uvicorn"
    if os.environ.get("LAKSA_TEST_NOW") and workers == 1:
        # The session travels (tests/conftest.py): the server travels with it.
        server = "tests.travelled_server"
        environ["LAKSA_SERVER_NOW"] = clock.now().isoformat()
    process = subprocess.Popen(
        [sys.executable, "-m", server, "laksa.asgi:application", "--port", str(port),
         "--workers", str(workers), *limit, "--log-level", "warning"],
        cwd=ROOT, env=environ, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/masuk/")
            if conn.getresponse().status == 200:
                return Server(port, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"uvicorn did not start: {log.read_text()}")


@contextmanager
def running(tmp: Path, **kwargs: Any) -> Iterator[Server]:
    server = start(tmp, **kwargs)
    try:
        yield server
    finally:
        server.stop()


class SSE:
    """An open event stream, read by a thread of its own; `take` waits for events."""

    def __init__(self, response: http.client.HTTPResponse, conn: http.client.HTTPConnection):
        self.response, self.conn = response, conn
        self.events: list[dict[str, Any]] = []
        self.last_id: int | None = None
        self.comments = 0
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            while raw := self.response.readline():
                line = raw.decode().rstrip("\n")
                if line.startswith(":"):
                    self.comments += 1
                elif line:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
                else:
                    if "id" in fields:
                        self.last_id = int(fields["id"])
                    if "data" in fields:
                        data = json.loads(fields["data"])
                        self._queue.put(
                            {"id": int(fields["id"]), "event": fields.get("event"), **data}
                        )
                    fields = {}
        except Exception:  # the test closed the connection
            pass
        self._queue.put(None)

    def take(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        """Wait until `count` events arrived in all (or raise TimeoutError)."""
        deadline = time.monotonic() + timeout
        while len(self.events) < count:
            left = deadline - time.monotonic()
            try:
                message = self._queue.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise TimeoutError(f"got {len(self.events)} of {count} events") from None
            if message is None:
                raise EOFError(f"stream ended after {len(self.events)} events")
            self.events.append(message)
        return self.events

    def quiet_for(self, seconds: float) -> list[dict[str, Any]]:
        """Read for `seconds` and return the events that came (used to show none came)."""
        before = len(self.events)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if message is None:
                break
            self.events.append(message)
        return self.events[before:]

    def close(self) -> None:
        if self.conn.sock is not None:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


def open_stream(
    server: Server, query: str = "", *, last_id: int | None = None, cookie: str = ""
) -> SSE:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Accept": "text/event-stream"}
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", f"/live/stream{query}", headers=headers)
    response = conn.getresponse()
    if response.status != 200:
        raise AssertionError(f"stream answered {response.status}: {response.read()[:300]!r}")
    assert conn.sock is not None
    conn.sock.settimeout(None)
    return SSE(response, conn)
