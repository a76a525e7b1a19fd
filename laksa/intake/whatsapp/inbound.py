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
from laksa.intake.meta import Malformed, Notification, Receipt, api_base, for_another
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import TIMEOUT, session
from laksa.lib.images import ProcessedImage

log = logging.getLogger("laksa.intake.whatsapp")

TYPES = ("text", "image", "location", "interactive", "button")
"""Message types made into pieces; others (audio, sticker, ...) are stored and ignored."""
WORDS: dict[str, tuple[str, ...]] = {
    "text": ("body",),
    "image": ("id", "caption"),
    "location": ("name", "address"),
    "button": ("text", "payload"),
}
"""Each type's own object's text fields: a string when present, or the body is malformed."""
REPLIES = ("button_reply", "list_reply")
"""An interactive message's reply objects (each with `id` and `title`)."""
STATUSES = ("sent", "delivered", "read", "failed")
"""The receipt statuses Meta documents; any other is left out (answered 200: Meta retries
anything else for days, and a status it adds later is no error of the caller's)."""


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
            number = _dict(value.get("metadata")).get("phone_number_id")
            if for_another(account, number, ("phone_number_id",)):
                found.ignored += 1
                continue
            names = _names(value.get("contacts", []))
            for item in _list(value, "messages"):
                if not isinstance(item.get("id"), str) or not item["id"]:
                    raise Malformed("`messages[].id` is required")
                if not isinstance(item.get("from"), str) or not item["from"]:
                    raise Malformed("`messages[].from` is required")
                check_content(item)
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
                if item["status"] not in STATUSES:
                    log.info("whatsapp status %r left out", item["status"][:40])
                    continue
                found.receipts.append(
                    Receipt(item["id"], item["status"], _time(item.get("timestamp")), _errors(item))
                )
    return found


def check_content(item: dict[str, Any]) -> None:
    """Malformed unless the message's own object (`text`, `image`, ...) is an object and the
    words in it are strings: a wrong type would otherwise be stored as a Python repr, which
    becomes a report's description."""
    kind = item.get("type")
    if not isinstance(kind, str):
        raise Malformed("`messages[].type` must be a string")
    if kind not in TYPES:
        return
    content = item.get(kind)
    if not isinstance(content, dict):
        raise Malformed(f"`messages[].{kind}` must be an object")
    fields = [(kind, content, key) for key in WORDS.get(kind, ())]
    if kind == "interactive":
        for reply in REPLIES:
            chosen = content.get(reply)
            if chosen is None:
                continue
            if not isinstance(chosen, dict):
                raise Malformed(f"`interactive.{reply}` must be an object")
            fields += [(f"interactive.{reply}", chosen, key) for key in ("id", "title")]
    for where, holder, key in fields:
        if holder.get(key) is not None and not isinstance(holder[key], str):
            raise Malformed(f"`{where}.{key}` must be a string")


def _errors(status: dict[str, Any]) -> str:
    """A failed receipt's error codes and titles; a field of another type says nothing."""
    errors = status.get("errors")
    if not isinstance(errors, list):
        return ""
    return "; ".join(
        " ".join(str(e[key]) for key in ("code", "title") if isinstance(e.get(key), (int, str)))
        for e in errors
        if isinstance(e, dict)
    )


def _list(value: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = value.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Malformed(f"`{key}` must be a list of objects")
    return items


def _names(contacts: Any) -> dict[str, str]:
    """The senders' profile names by wa_id; a contact or name of another type is left out (the
    name is only a courtesy)."""
    if not isinstance(contacts, list):
        return {}
    names: dict[str, str] = {}
    for listed in contacts:
        contact = _dict(listed)
        name = _dict(contact.get("profile")).get("name")
        if isinstance(contact.get("wa_id"), str) and isinstance(name, str):
            names[contact["wa_id"]] = name
    return names


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def written_at(payload: dict[str, Any], received_at: datetime) -> datetime:
    """When the citizen wrote a stored message: the item's `timestamp`, never later than it was
    received (a clock ahead), and `received_at` when the item has none that reads."""
    written = _time(_dict(payload.get("message")).get("timestamp"))
    return received_at if written is None else min(written, received_at)


def text_of(item: dict[str, Any]) -> str:
    """What the citizen wrote: the text, an image's caption, a button or list reply's title.
    A field of another type reads as empty (parse refuses it; a stored row is read as it is)."""
    kind = item.get("type")
    content = _dict(item.get(kind)) if isinstance(kind, str) else {}
    if kind == "text":
        words = content.get("body")
    elif kind == "image":
        words = content.get("caption")
    elif kind == "interactive":
        chosen = _dict(content.get("button_reply")) or _dict(content.get("list_reply"))
        words = chosen.get("title")
    elif kind == "button":
        words = content.get("text")
    else:
        words = ""  # a location's name and address are the pin's words, not the problem
    return words if isinstance(words, str) else ""


def handle_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Taken:
    """The inbox handler for a WhatsApp row (intake.inbox.HANDLERS). A media download that fails
    raises, so the row is tried again later."""
    item = row.payload.get("message") or {}
    kind = item.get("type")
    if kind not in TYPES:
        return Taken("ignored")
    point = None
    if kind == "location":
        where = _dict(item.get("location"))
        try:
            point = (float(where["latitude"]), float(where["longitude"]))
        except (KeyError, TypeError, ValueError):
            point = None
    photos: tuple[ProcessedImage, ...] = ()
    if kind == "image":
        media_id = _dict(item.get("image")).get("id")
        photo = fetch_photo(account, media_id if isinstance(media_id, str) else "")
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
