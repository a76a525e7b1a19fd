"""A fake Telegram Bot API on 127.0.0.1, answering as the real one does for the methods Laksa
calls: getFile (a file_path for a known file_id, `{"ok": false, "error_code": 400}` otherwise),
the file download at /file/bot<token>/<file_path>, sendMessage and setWebhook. A wrong token is
401 `Unauthorized`. It can be told to refuse a chat (403, "bot was blocked by the user"), to
answer 429 with retry_after, or 502."""

from __future__ import annotations

import json
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.intake import fake_server

TOKEN = "123456:ABC-uji-token"


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files: dict[str, bytes] = {}  # file_id -> the file's bytes
        self.sent: list[dict[str, Any]] = []
        self.webhooks: list[dict[str, Any]] = []
        self.downloads: list[str] = []
        self.blocked_chats: set[str] = set()
        self.fail_with = 0  # 429 or 5xx to every call while set


class Handler(fake_server.Handler):
    protocol_version = "HTTP/1.1"
    server: FakeBotApi

    def _reply(self, status: int, body: dict[str, Any] | bytes) -> None:
        if isinstance(body, dict):
            self._answer(status, json.dumps(body).encode())
        else:
            self._answer(status, body, "application/octet-stream")

    def _error(self, code: int, description: str, **extra: Any) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if extra:
            body["parameters"] = extra
        self._reply(code, body)

    def _route(self) -> tuple[str, str] | None:
        """(kind, rest): ("method", "getFile") or ("file", "photos/file_1.jpg"); None for a bad
        token (answered already)."""
        path = urlsplit(self.path).path
        kind = "file" if path.startswith("/file/") else "method"
        rest = path.removeprefix("/file/").removeprefix("/")
        token, _slash, tail = rest.removeprefix("bot").partition("/")
        if not rest.startswith("bot") or token != TOKEN:
            self._error(401, "Unauthorized")
            return None
        state = self.server.state
        if state.fail_with == 429:
            self._error(429, "Too Many Requests: retry after 5", retry_after=5)
            return None
        if state.fail_with:
            self._error(state.fail_with, "Bad Gateway")
            return None
        return kind, tail

    def _params(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if body and self.headers.get("Content-Type", "").startswith("application/json"):
            params.update(json.loads(body))
        elif body:
            params.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
        return params

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        params = self._params()
        route = self._route()
        if route is None:
            return
        kind, name = route
        state = self.server.state
        if kind == "file":
            file_id = name.removeprefix("photos/").removesuffix(".jpg")
            if file_id not in state.files:
                return self._error(404, "Not Found")
            with state.lock:
                state.downloads.append(file_id)
            return self._reply(200, state.files[file_id])
        if name == "getFile":
            file_id = str(params.get("file_id", ""))
            if file_id not in state.files:
                return self._error(400, "Bad Request: invalid file_id")
            result = {
                "file_id": file_id,
                "file_unique_id": "u" + file_id[-8:],
                "file_size": len(state.files[file_id]),
                "file_path": f"photos/{file_id}.jpg",
            }
            return self._reply(200, {"ok": True, "result": result})
        if name == "sendMessage":
            chat_id = str(params.get("chat_id", ""))
            if not chat_id or not params.get("text"):
                return self._error(400, "Bad Request: message text is empty")
            if chat_id in state.blocked_chats:
                return self._error(403, "Forbidden: bot was blocked by the user")
            with state.lock:
                state.sent.append(params)
                number = len(state.sent)
            chat = {"id": int(chat_id), "type": "private"}
            result = {"message_id": 1000 + number, "chat": chat, "date": 0, "text": params["text"]}
            return self._reply(200, {"ok": True, "result": result})
        if name == "setWebhook":
            with state.lock:
                state.webhooks.append(params)
            return self._reply(200, {"ok": True, "result": True, "description": "Webhook was set"})
        return self._error(404, "Not Found: method not found")


class FakeBotApi(fake_server.FakeServer):
    """Serving from the moment it is made until `stop()`."""

    def __init__(self) -> None:
        super().__init__(Handler)
        self.state = State()
        self.start()

    @property
    def url(self) -> str:
        return self.base

    @property
    def sent(self) -> list[dict[str, Any]]:
        return self.state.sent
