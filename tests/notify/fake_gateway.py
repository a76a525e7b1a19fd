"""A fake JSON SMS gateway on 127.0.0.1, behaving as a real provider does: it checks the shared
secret, deduplicates on `Idempotency-Key` (a repeated key gets the first answer and is not
delivered again), and can be told to answer 503, to refuse a number with 400, or to be down
(connection refused) and come back on the same port.

Run alone for the benchmark: `python -m tests.notify.fake_gateway --port 8025` (prints counts on
SIGTERM). It also speaks Kannel's sendsms (GET /cgi-bin/sendsms), with no deduplication, as
Kannel has none.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SECRET = "rahasia-gateway"


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.delivered: dict[str, dict[str, Any]] = {}  # key -> the message, once
        self.posts: Counter[str] = Counter()  # key -> how many times it was sent to us
        self.kannel: list[dict[str, str]] = []
        self.fail_with = 0  # answer this status to every send while set
        self.fail_next = 0  # ... or to this many sends only
        self.refused_numbers: set[str] = set()
        self.delay = 0.0  # seconds each send takes, as a slow provider


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real gateway
    # One write per answer, sent at once: headers and body in separate small packets would wait
    # on the client's delayed ACK (40 ms a request on Linux).
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any] | str) -> None:
        raw = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "application/json" if isinstance(body, dict) else "text/plain"
        )
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _failing(self) -> int:
        state = self.server.state
        with state.lock:
            if state.fail_with:
                return state.fail_with
            if state.fail_next:
                state.fail_next -= 1
                return 503
        return 0

    def do_POST(self) -> None:
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("X-Laksa-Secret") != SECRET:
            return self._answer(401, {"error": "bad secret"})
        key = self.headers.get("Idempotency-Key", "")
        if not key:
            return self._answer(400, {"error": "Idempotency-Key required"})
        failing = self._failing()
        if failing:
            return self._answer(failing, {"error": "try later"})
        if state.delay:
            time.sleep(state.delay)
        payload = json.loads(body)
        if payload.get("to") in state.refused_numbers:
            return self._answer(400, {"error": "invalid destination number"})
        with state.lock:
            state.posts[key] += 1
            if key not in state.delivered:
                state.delivered[key] = payload
        return self._answer(200, {"id": f"gw-{key[:8]}", "status": "accepted"})

    def do_GET(self) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        if url.path != "/cgi-bin/sendsms":
            return self._answer(404, "not found")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if query.get("password") != SECRET:
            return self._answer(403, "Authorization failed for sendsms")
        failing = self._failing()
        if failing:
            return self._answer(failing, "Temporary failure, try again later.")
        with state.lock:
            state.kannel.append(query)
        return self._answer(202, "0: Accepted for delivery")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, state: State) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state


class FakeGateway:
    """The gateway as a test uses it: `url`, `down()`, `up()`, and what it delivered."""

    def __init__(self, port: int = 0) -> None:
        self.state = State()
        self.port = port or _free_port()
        self._server: Server | None = None
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    @property
    def kannel_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/sendsms"

    @property
    def delivered(self) -> dict[str, dict[str, Any]]:
        return self.state.delivered

    @property
    def posts(self) -> Counter[str]:
        return self.state.posts

    def up(self) -> None:
        if self._server is None:
            self._server = Server(self.port, self.state)
            threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        """Stop listening: senders get "connection refused" until `up()`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    gateway = FakeGateway(args.port)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print("ready", flush=True)
    stopped.wait()
    print(json.dumps({"delivered": len(gateway.delivered), "posts": sum(gateway.posts.values())}))


if __name__ == "__main__":
    main()
