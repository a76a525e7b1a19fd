"""A fake of the Graph API's WhatsApp calls on 127.0.0.1: a media id's URL, the media's bytes
(both only with the access token) and the send call, which records what was sent."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.images import make_image

TOKEN = "token-akses-uji"
PHONE_NUMBER_ID = "106540352242922"


class Handler(BaseHTTPRequestHandler):
    server: FakeGraph

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {TOKEN}":
            return True
        self._answer(401, b'{"error": {"message": "Invalid OAuth access token"}}')
        return False

    def do_GET(self) -> None:
        if not self._authorised():
            return
        if self.path.startswith("/media/"):
            self._answer(200, self.server.photo, "image/jpeg")
            return
        media_id = self.path.strip("/")
        url = f"{self.server.base}/media/{media_id}"
        self._answer(200, json.dumps({"url": url, "id": media_id}).encode())

    def do_POST(self) -> None:
        if not self._authorised():
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        if self.path != f"/{PHONE_NUMBER_ID}/messages":
            self._answer(404, b"{}")
            return
        with self.server.lock:
            self.server.sent.append(body)
            number = len(self.server.sent)
        answer = {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.OUT-{number}"}]}
        self._answer(200, json.dumps(answer).encode())


class FakeGraph(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.sent: list[dict[str, Any]] = []
        self.photo = make_image(seed=7)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> FakeGraph:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
