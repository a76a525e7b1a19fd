"""WhatsApp Cloud API in (the handshake and the signature are Meta's, intake/meta.py): the
webhook's `messages[]` and `statuses[]` read apart, and `handle_row`, which turns a
stored message (intake inbox, its item in `payload`) into a conversation Piece: text, an image
fetched through the Graph API, a location pin, or an interactive reply's title.

Format: docs/channels.md "WhatsApp"; captured payloads in fixtures/."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import requests

from laksa.intake.conversations import Piece, Taken, language_of, take
from laksa.intake.inbox import ChatMessage
from laksa.intake.media import received_photo
from laksa.intake.meta import Malformed, Notification, Receipt, api_base
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import TIMEOUT, session
from laksa.lib.images import ProcessedImage

log = logging.getLogger("laksa.intake.whatsapp")

TYPES = ("text", "image", "location", "interactive", "button")
"""Message types made into pieces; others (audio, sticker, ...) are stored and ignored."""


def parse(body: bytes, account: ChannelAccount) -> Notification:
    """Every message and receipt in the body, each checked before any is stored. A message's
    payload is its item and the sender's profile name (`{"message", "name"}`)."""
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
                found.messages.append(
                    ChatMessage(
                        message_id=item["id"],
                        sender=item["from"],
                        text=text_of(item),
                        payload={"message": item, "name": names.get(item["from"], "")},
                    )
                )
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
    return received_photo(answer.content, what=f"whatsapp media {media_id}", log=log)
