"""WhatsApp Cloud API in: the verify handshake, the `X-Hub-Signature-256` check over the raw
body, the webhook's `messages[]` and `statuses[]` read apart, and `handle_row`, which turns a
stored message (intake inbox, its item in `payload`) into a conversation Piece: text, an image
fetched through the Graph API, a location pin, or an interactive reply's title.

Format: docs/channels.md "WhatsApp"; captured payloads in fixtures/."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from django.conf import settings

from laksa.intake.conversations import Piece, Taken, take
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import TIMEOUT, session
from laksa.lib.images import ImageRejected, ProcessedImage, process_image

log = logging.getLogger("laksa.intake.whatsapp")

SIGNATURE_HEADER = "X-Hub-Signature-256"
API_BASE = "https://graph.facebook.com/v21.0"
TYPES = ("text", "image", "location", "interactive", "button")
"""Message types made into pieces; others (audio, sticker, ...) are stored and ignored."""


class Malformed(ValueError):
    """The body is not a WhatsApp webhook as documented; nothing was stored."""


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str
    status: str
    at: datetime | None
    error: str = ""


@dataclass
class Notification:
    """One webhook body: the messages (each with the sender's profile name) and the receipts."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)


def api_base(account: ChannelAccount) -> str:
    return str(account.setting("api_base") or API_BASE).rstrip("/")


def verify(account: ChannelAccount, params: dict[str, str]) -> str | None:
    """The challenge to answer, or None (403) when the mode or the token is wrong."""
    token = account.secret("verify_token")
    given = params.get("hub.verify_token", "")
    if params.get("hub.mode") != "subscribe" or not token or not given:
        return None
    if not hmac.compare_digest(given.encode(), token.encode()):
        return None
    return params.get("hub.challenge", "")


def signature_is_valid(account: ChannelAccount, body: bytes, header: str) -> bool:
    secret = account.secret("app_secret")
    given = header.strip().removeprefix("sha256=").strip().lower()
    if not secret or not given:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.encode(), expected.encode())


def sign(secret: str, body: bytes) -> str:
    """The header value Meta sends (for the tests and the bench)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def parse(body: bytes) -> Notification:
    """Every message and receipt in the body, each checked before any is stored."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise Malformed("`entry` must be a list")
    found = Notification()
    for entry in data["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            raise Malformed("`entry[].changes` must be a list")
        for change in changes:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                raise Malformed("`changes[].value` must be an object")
            if change.get("field", "messages") != "messages":
                continue
            names = _names(value.get("contacts", []))
            for item in _list(value, "messages"):
                if not isinstance(item.get("id"), str) or not item["id"]:
                    raise Malformed("`messages[].id` is required")
                if not isinstance(item.get("from"), str) or not item["from"]:
                    raise Malformed("`messages[].from` is required")
                found.messages.append({"message": item, "name": names.get(item["from"], "")})
            for item in _list(value, "statuses"):
                if not isinstance(item.get("id"), str) or not isinstance(item.get("status"), str):
                    raise Malformed("`statuses[]` needs `id` and `status`")
                errors = item.get("errors") or []
                error = "; ".join(
                    f"{e.get('code', '')} {e.get('title', '')}".strip()
                    for e in errors
                    if isinstance(e, dict)
                )
                found.receipts.append(
                    Receipt(item["id"], item["status"], _time(item.get("timestamp")), error)
                )
    return found


def _list(value: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = value.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Malformed(f"`{key}` must be a list of objects")
    return items


def _names(contacts: Any) -> dict[str, str]:
    if not isinstance(contacts, list):
        return {}
    return {
        str(c.get("wa_id", "")): str((c.get("profile") or {}).get("name", ""))
        for c in contacts
        if isinstance(c, dict)
    }


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError):
        return None


def text_of(item: dict[str, Any]) -> str:
    """What the citizen wrote: the text, an image's caption, a button or list reply's title."""
    kind = item.get("type")
    if kind == "text":
        return str((item.get("text") or {}).get("body", ""))
    if kind == "image":
        return str((item.get("image") or {}).get("caption", ""))
    if kind == "interactive":
        reply = item.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return str(chosen.get("title", ""))
    if kind == "button":
        return str((item.get("button") or {}).get("text", ""))
    return ""  # a location's name and address are the pin's words, not the problem


def handle_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Taken:
    """The inbox handler for a WhatsApp row (intake.inbox.HANDLERS). A media download that fails
    raises, so the row is tried again later."""
    item = row.payload.get("message") or {}
    kind = item.get("type")
    if kind not in TYPES:
        return Taken("ignored")
    point = None
    if kind == "location":
        where = item.get("location") or {}
        try:
            point = (float(where["latitude"]), float(where["longitude"]))
        except (KeyError, TypeError, ValueError):
            point = None
    photos: tuple[ProcessedImage, ...] = ()
    if kind == "image":
        photo = fetch_photo(account, str((item.get("image") or {}).get("id", "")))
        photos = (photo,) if photo else ()
    text = text_of(item)
    piece = Piece(
        handle=row.sender,
        message_id=row.message_id,
        text=text,
        photos=photos,
        point=point,
        name=str(row.payload.get("name", "")),
        phone=row.sender,
        language=language_of(text),
    )
    return take(account, piece, now=now)


def fetch_photo(account: ChannelAccount, media_id: str) -> ProcessedImage | None:
    """The image behind a media id: its URL from the Graph API, then the bytes, both with the
    access token. A file the photo pipeline refuses is left out (the text still counts)."""
    if not media_id:
        return None
    headers = {"Authorization": f"Bearer {account.secret('access_token')}"}
    http = session()
    meta = http.get(f"{api_base(account)}/{media_id}", headers=headers, timeout=TIMEOUT)
    meta.raise_for_status()
    url = meta.json().get("url", "")
    if not url:
        raise requests.HTTPError(f"no url for media {media_id}")
    answer = http.get(url, headers=headers, timeout=TIMEOUT)
    answer.raise_for_status()
    try:
        return process_image(
            io.BytesIO(answer.content),
            size=len(answer.content),
            max_bytes=settings.LAKSA_PHOTO_MAX_BYTES,
            max_pixels=settings.LAKSA_PHOTO_MAX_PIXELS,
        )
    except ImageRejected as exc:
        log.info("whatsapp media %s refused: %s", media_id, exc)
        return None


_ENGLISH = {"the", "is", "are", "there", "please", "near", "my", "broken", "street", "road", "in"}
_INDONESIAN = {"di", "yang", "dan", "ada", "tidak", "jalan", "rusak", "mohon", "tolong", "sudah"}
_WORD = re.compile(r"[a-z]+")


def language_of(text: str) -> str:
    """ "en" when the words are plainly English, else "" (Indonesian)."""
    words = _WORD.findall(text.lower())
    english = sum(w in _ENGLISH for w in words)
    indonesian = sum(w in _INDONESIAN for w in words)
    return "en" if english >= 2 and english > indonesian else ""
