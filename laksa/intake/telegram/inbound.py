"""Telegram in: the webhook's secret token checked, an Update read into a `Message`, and
`handle_row` doing what a stored update asks: `/start` is answered with the greeting, anything
else (`/status <code>` too) is a Piece for the conversation core (intake/conversations.py). Formats: docs/channels.md "Telegram"; captured payloads in fixtures/.

Telegram signs nothing: `setWebhook(secret_token=…)` makes it send that token in the
`X-Telegram-Bot-Api-Secret-Token` header of every update, compared here in constant time."""

from __future__ import annotations

import hmac
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from django.conf import settings
from django.db import transaction

from laksa.intake.conversations import Piece, Taken, take
from laksa.intake.media import received_photo
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import TIMEOUT, session
from laksa.intake.replies import ask_reply
from laksa.lib.images import ProcessedImage
from laksa.reports.models import Report

log = logging.getLogger("laksa.intake.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_BASE = "https://api.telegram.org"
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)


class Malformed(ValueError):
    """The body is not a Telegram Update; nothing was stored."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MediaUnavailable(RuntimeError):
    """The Bot API could not be reached for a photo (transport error, 429, 5xx): try later."""


def api_base(account: ChannelAccount) -> str:
    return str(account.setting("api_base") or DEFAULT_API_BASE).rstrip("/")


def check_secret(account: ChannelAccount, header: str) -> int | None:
    """None when the header carries the account's secret_token; 401 when it is missing, 403
    when it is wrong (or the account has none, so nothing can match)."""
    if not header:
        return 401
    secret = account.secret("secret_token")
    if not secret or not hmac.compare_digest(header.encode(), secret.encode()):
        return 403
    return None


@dataclass(frozen=True)
class Message:
    """One update as this channel uses it. `kind` is the Update's field ("message",
    "edited_message", "callback_query", ...): only "message" is handled, the rest ignored."""

    update_id: int
    kind: str
    chat_id: str = ""
    message_id: str = ""
    text: str = ""
    photo_file_id: str = ""
    """The largest size's file_id (Telegram lists the sizes smallest first)."""
    point: tuple[float, float] | None = None
    name: str = ""
    phone: str = ""
    """The sender's own number, when they shared their contact."""
    language: str = ""
    from_bot: bool = False

    @property
    def handled(self) -> bool:
        """A private message from a person: what the bot acts on."""
        return self.kind == "message" and bool(self.chat_id) and not self.from_bot

    def command(self) -> tuple[str, str] | None:
        """`/status TNG-2612-00001` -> ("status", "TNG-2612-00001"); `/start@LaksaBot` ->
        ("start", ""); None for a message that is not a command."""
        match = _COMMAND.match(self.text.strip())
        if not match:
            return None
        return match.group(1).lower(), (match.group(2) or "").strip()


def parse(body: bytes) -> dict[str, Any]:
    """The Update as JSON; raises Malformed unless it is an object with an integer update_id."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise Malformed("an Update must be a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        raise Malformed("`update_id` is required: a non-negative integer", field="update_id")
    if "message" in data and not isinstance(data["message"], dict):
        raise Malformed("`message` must be a JSON object", field="message")
    return data


def read_update(data: dict[str, Any]) -> Message:
    """The Message of a parsed Update (parse). A field of an unexpected type reads as absent."""
    update_id = int(data["update_id"])
    kind = next((key for key in data if key != "update_id"), "")
    if kind != "message":
        return Message(update_id=update_id, kind=kind)
    message = _dict(data["message"])
    chat = _dict(message.get("chat"))
    sender = _dict(message.get("from"))
    if chat.get("type", "private") != "private":
        return Message(update_id=update_id, kind="group_message")
    text = _string(message.get("text")) or _string(message.get("caption"))
    photos = [
        p for p in _list(message.get("photo")) if isinstance(p, dict) and _string(p.get("file_id"))
    ]
    largest = max(photos, key=_photo_size) if photos else {}
    location = _dict(message.get("location")) or _dict(_dict(message.get("venue")).get("location"))
    point = None
    if _number(location.get("latitude")) and _number(location.get("longitude")):
        point = (float(location["latitude"]), float(location["longitude"]))
    contact = _dict(message.get("contact"))
    phone = ""
    if contact.get("user_id") == sender.get("id"):
        phone = _string(contact.get("phone_number"))
    name = " ".join(
        str(sender[key]).strip()
        for key in ("first_name", "last_name")
        if isinstance(sender.get(key), str)
    )
    return Message(
        update_id=update_id,
        kind=kind,
        chat_id=_id(chat.get("id")),
        message_id=str(message.get("message_id", "")),
        text=text,
        photo_file_id=str(largest.get("file_id", "")),
        point=point,
        name=name.strip(),
        phone=phone,
        language=_string(sender.get("language_code")),
        from_bot=bool(sender.get("is_bot")),
    )


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _id(value: object) -> str:
    """A chat's id (an integer; a string is taken too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string(value)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int(value: object) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _photo_size(photo: dict[str, Any]) -> tuple[int, int]:
    """Pixels, then bytes: Telegram lists the sizes smallest first, but say so in the data."""
    return _int(photo.get("width")) * _int(photo.get("height")), _int(photo.get("file_size"))


# --- Media ---------------------------------------------------------------------------------------


def fetch_photo(account: ChannelAccount, file_id: str) -> ProcessedImage | None:
    """The photo through the photo pipeline: `getFile` for its path, then the file itself.
    None when Telegram no longer has it or it is not a usable photo (the piece goes on without
    it); MediaUnavailable when the Bot API cannot answer now (the inbox row is tried again)."""
    token = account.secret("bot_token")
    base = api_base(account)
    answer = _call(session().get, f"{base}/bot{token}/getFile", params={"file_id": file_id})
    result = _dict(answer.get("result")) if answer.get("ok") else {}
    file_path = str(result.get("file_path") or "")
    if not file_path:
        log.warning("telegram getFile gave no file_path: %s", answer.get("description", ""))
        return None
    max_bytes = settings.LAKSA_PHOTO_MAX_BYTES
    if _number(result.get("file_size")) and int(result["file_size"]) > max_bytes:
        return None
    try:
        with session().get(
            f"{base}/file/bot{token}/{file_path}", timeout=TIMEOUT, stream=True
        ) as response:
            if response.status_code == 429 or response.status_code >= 500:
                raise MediaUnavailable(f"HTTP {response.status_code} for the photo")
            if response.status_code != 200:
                return None
            data = response.raw.read(max_bytes + 1, decode_content=True)
    except requests.RequestException as exc:
        raise MediaUnavailable(f"{type(exc).__name__}: {str(exc)[:300]}") from exc
    if len(data) > max_bytes:
        return None
    return received_photo(data, what=f"telegram photo {file_id}", log=log)


def _call(method: Any, url: str, **kwargs: Any) -> dict[str, Any]:
    """A Bot API method's JSON answer ({"ok": false, ...} for a 4xx); MediaUnavailable for what
    is worth trying again."""
    try:
        response = method(url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as exc:
        raise MediaUnavailable(f"{type(exc).__name__}: {str(exc)[:300]}") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise MediaUnavailable(f"HTTP {response.status_code}: {response.text[:300]}")
    try:
        answer = response.json()
    except ValueError:
        return {"ok": False, "description": f"HTTP {response.status_code}, not JSON"}
    return answer if isinstance(answer, dict) else {"ok": False}


# --- Handling a stored update ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What handle_row did itself: `kind` is info or ignored (the conversation core's Taken says
    report, asked, added, status or ignored)."""

    kind: str
    report: Report | None = None


def handle_row(
    account: ChannelAccount, row: InboxMessage, now: datetime | None = None
) -> Outcome | Taken:
    """Handle one stored update (the inbox's handler for Telegram accounts). The row's payload is
    the Update's JSON as it came."""
    return handle(account, read_update(row.payload), now=now)


def handle(
    account: ChannelAccount, message: Message, *, now: datetime | None = None
) -> Outcome | Taken:
    """`/start` answers the greeting; anything else, `/status <code>` included, goes to the
    conversation core (which answers a status as an SMS STATUS, and knows the chat's reports)."""
    if not message.handled:
        return Outcome("ignored")
    command = message.command()
    if command is not None and command[0] in ("start", "help", "info"):
        with transaction.atomic():
            ask_reply(account, to=message.chat_id, key="welcome")
        return Outcome("welcome")
    return take(account, piece_of(account, message), now=now)


def piece_of(account: ChannelAccount, message: Message) -> Piece:
    """The conversation core's Piece of a message, its photo fetched from the Bot API."""
    photos: tuple[ProcessedImage, ...] = ()
    if message.photo_file_id:
        photo = fetch_photo(account, message.photo_file_id)
        photos = (photo,) if photo is not None else ()
    text = message.text
    command = message.command()
    if command is not None and command[0] != "status":
        text = command[1]  # an unknown command: the words after it may still say something
    return Piece(
        handle=message.chat_id,
        message_id=str(message.update_id),
        text=text,
        photos=photos,
        point=message.point,
        name=message.name,
        phone=message.phone,
        language=message.language,
    )
