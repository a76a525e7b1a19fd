"""A fake of the Graph API's WhatsApp calls on 127.0.0.1: a media id's URL, the media's bytes
(both only with the access token) and the send call, which records what was sent."""

from __future__ import annotations

import json
from typing import Any

from tests.images import make_image
from tests.intake import fake_server

TOKEN = "token-akses-uji"
PHONE_NUMBER_ID = "106540352242922"


class Handler(fake_server.Handler):
    server: FakeGraph

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
        body = self._json_body()
        if self.path != f"/{PHONE_NUMBER_ID}/messages":
            self._answer(404, b"{}")
            return
        with self.server.lock:
            self.server.sent.append(body)
            number = len(self.server.sent)
        answer = {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.OUT-{number}"}]}
        self._answer(200, json.dumps(answer).encode())


class FakeGraph(fake_server.FakeServer):
    def __init__(self, handler: type[Handler] = Handler) -> None:
        super().__init__(handler)
        self.sent: list[dict[str, Any]] = []
        self.photo = make_image(seed=7)
