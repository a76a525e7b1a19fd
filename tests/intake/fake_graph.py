"""A fake of the Graph API's Send API and attachment CDN for Messenger and Instagram, on
127.0.0.1: the WhatsApp fake (tests/intake/whatsapp/fake_graph.py) with its POST answering
`/{node}/messages` as the Send API does and any GET answering the photo without a token, as a
signed CDN link does (404 under /expired, 503 under /busy). What was sent is kept in `sent`,
the paths posted to in `paths`."""

from __future__ import annotations

import json

from tests.intake.whatsapp import fake_graph as whatsapp
from tests.intake.whatsapp.fake_graph import TOKEN

__all__ = ["TOKEN", "FakeGraph"]


class Handler(whatsapp.Handler):
    server: FakeGraph

    def do_GET(self) -> None:
        if self.path.startswith("/expired"):
            self._answer(404, b'{"error": "URL signature expired"}')
        elif self.path.startswith("/busy"):
            self._answer(503, b"{}")
        else:
            self._answer(200, self.server.photo, "image/jpeg")

    def do_POST(self) -> None:
        if not self._authorised():
            return
        body = self._json_body()
        if not self.path.endswith("/messages"):
            self._answer(404, b"{}")
            return
        with self.server.lock:
            self.server.sent.append(body)
            self.server.paths.append(self.path)
            number = len(self.server.sent)
        answer = {"recipient_id": body["recipient"].get("id", ""), "message_id": f"m_OUT-{number}"}
        self._answer(200, json.dumps(answer).encode())


class FakeGraph(whatsapp.FakeGraph):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.paths: list[str] = []
