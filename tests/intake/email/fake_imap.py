"""A small IMAP4rev1 server on 127.0.0.1 speaking the few commands imaplib sends when the poller
reads a mailbox: CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH (BODY.PEEK[]),
UID STORE +FLAGS (\\Seen), LOGOUT. It keeps every command it was sent, can run a check at the
moment a message is marked seen, and can drop the connection at that moment (a crash)."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

USER, PASSWORD = "pengaduan@kota-uji.go.id", "sandi-imap-uji"
_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


@dataclass
class Message:
    raw: bytes
    flags: set[str] = field(default_factory=set)


class Mailbox:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: dict[int, Message] = {}
        self.next_uid = 1
        self.commands: list[str] = []
        self.on_store: Callable[[int], None] | None = None
        """Called in the server's thread when a message is being marked seen."""
        self.drop_next_store = False
        """Close the connection instead of marking the next message seen."""

    def deliver(self, raw: bytes) -> int:
        with self.lock:
            uid = self.next_uid
            self.next_uid += 1
            self.messages[uid] = Message(raw)
            return uid

    def seen(self, uid: int) -> bool:
        return "\\Seen" in self.messages[uid].flags

    def unseen(self) -> list[int]:
        return [uid for uid, m in sorted(self.messages.items()) if "\\Seen" not in m.flags]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, line: str | bytes) -> None:
        data = line.encode() if isinstance(line, str) else line
        self.wfile.write(data + b"\r\n")

    def handle(self) -> None:
        try:
            self._serve()
        finally:
            connections.close_all()  # this thread's database connections, if a check opened one

    def _serve(self) -> None:
        box = self.server.mailbox
        self.send("* OK [CAPABILITY IMAP4rev1] Laksa test IMAP ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            tag, _, rest = text.partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            box.commands.append(f"{command} {args}".strip())
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
                self.send(f"{tag} OK CAPABILITY completed")
            elif command == "LOGIN":
                words = [q if q is not None and q != "" else w for q, w in _WORD.findall(args)]
                if words == [USER, PASSWORD]:
                    self.send(f"{tag} OK LOGIN completed")
                else:
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
            elif command == "SELECT":
                self.send(f"* {len(box.messages)} EXISTS")
                self.send("* 0 RECENT")
                self.send("* OK [UIDVALIDITY 7] UIDs valid")
                self.send(f"{tag} OK [READ-WRITE] SELECT completed")
            elif command == "UID":
                if not self._uid(tag, args):
                    return
            elif command == "LOGOUT":
                self.send("* BYE logging out")
                self.send(f"{tag} OK LOGOUT completed")
                return
            else:
                self.send(f"{tag} BAD unknown command")

    def _uid(self, tag: str, args: str) -> bool:
        box = self.server.mailbox
        sub, _, rest = args.partition(" ")
        sub = sub.upper()
        order = sorted(box.messages)
        if sub == "SEARCH" and rest.upper() == "UNSEEN":
            self.send("* SEARCH " + " ".join(str(uid) for uid in box.unseen()))
            self.send(f"{tag} OK SEARCH completed")
        elif sub == "FETCH":
            uid = int(rest.split(" ", 1)[0])
            message = box.messages.get(uid)
            if message is not None:
                head = f"* {order.index(uid) + 1} FETCH (UID {uid} BODY[] {{{len(message.raw)}}}"
                self.wfile.write(head.encode() + b"\r\n" + message.raw + b")\r\n")
            self.send(f"{tag} OK FETCH completed")
        elif sub == "STORE":
            uid = int(rest.split(" ", 1)[0])
            if box.drop_next_store:
                box.drop_next_store = False
                return False  # the connection drops: the poller dies before the flag is set
            if box.on_store is not None:
                box.on_store(uid)
            box.messages[uid].flags.add("\\Seen")
            self.send(f"* {order.index(uid) + 1} FETCH (UID {uid} FLAGS (\\Seen))")
            self.send(f"{tag} OK STORE completed")
        else:
            self.send(f"{tag} BAD unknown UID command")
        return True


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


class FakeImap:
    """Start with `FakeImap()`; `.port`, `.mailbox`; `.stop()` at the end."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.mailbox = self.mailbox
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def settings(self, **more: Any) -> dict[str, Any]:
        """A ChannelAccount's settings pointing at this server."""
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "username": USER,
            "folder": "INBOX",
            "use_ssl": False,
        } | more

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
