"""Facebook Page (Messenger) in: a Page webhook's `entry[].messaging[]` events read into intake
inbox rows and receipts, and `handle_row`, which makes a stored message a conversation Piece:
text (a quick reply's or a postback's title too), images fetched from the attachment's URL, a
location pin. A citizen's comment on the Page's posts (`changes[]` of field `feed`, item
`comment`, verb `add`) is a row too, keyed COMMENT_PREFIX + its id: a comment opens no 24-hour
window, it allows one private reply (outbound.py); the Page's own comments are left out.
Instagram messaging sends the same events (reference channels.md 4.3), so instagram/ reads its
messages with `read_messaging` and `piece_of` too. The handshake and the
signature are Meta's (intake/meta.py).

Format: docs/channels.md "Facebook Messenger"; payloads in fixtures/."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from laksa.intake import payloads
from laksa.intake.conversations import Piece, Taken, language_of, take
from laksa.intake.inbox import ChatMessage
from laksa.intake.media import received_photo
from laksa.intake.meta import Malformed, Notification, Receipt, for_another
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import TIMEOUT, session
from laksa.lib.images import ProcessedImage

log = logging.getLogger("laksa.intake.facebook")

COMMENT_PREFIX = "comment:"
"""A comment's inbox row is its id after this prefix; messages' ids never start with it."""


def parse(body: bytes, account: ChannelAccount) -> Notification:
    """Every message, comment and receipt of a Page webhook, each checked before any is
    stored."""
    found = Notification()
    for entry in entries(body, "page"):
        if for_another(account, entry.get("id"), ("page_id",)):
            found.ignored += 1
            continue
        read_messaging(entry, found)
        for change in changes(entry):
            if change.get("field") == "feed":
                comment = _page_comment(change.get("value"), page=str(entry.get("id", "")))
                if comment is not None:
                    found.messages.append(comment)
    return found


def changes(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An entry's `changes[]` (the Page's feed, Instagram's comments)."""
    listed = entry.get("changes", [])
    if "field" in entry and "value" in entry:  # the reference's shorter form: the change inline
        listed = [{"field": entry["field"], "value": entry["value"]}]
    if not isinstance(listed, list) or not all(isinstance(c, dict) for c in listed):
        raise Malformed("`entry[].changes` must be a list of objects")
    return listed


def _page_comment(value: Any, page: str) -> ChatMessage | None:
    """A citizen's new comment on the Page's feed; None for anything else the feed reports (a
    post, a reaction, an edit, a removal) and for the Page's own comments."""
    if not isinstance(value, dict):
        raise Malformed("`changes[].value` must be an object")
    if value.get("item") != "comment" or value.get("verb") != "add":
        return None
    author = value.get("from")
    if not isinstance(value.get("comment_id"), str) or not value["comment_id"]:
        raise Malformed("`value.comment_id` is required")
    if not isinstance(author, dict) or not author.get("id"):
        raise Malformed("`value.from.id` is required")
    if str(author["id"]) == page:
        return None
    return ChatMessage(
        message_id=COMMENT_PREFIX + value["comment_id"],
        sender=str(author["id"]),
        text=words(value, "message", "value"),
        payload={"comment": value},
    )


def words(holder: dict[str, Any], key: str, where: str) -> str:
    """The text at `holder[key]` (intake.payloads.words, refused as this door refuses)."""
    return payloads.words(holder, key, where, Malformed)


def entries(body: bytes, kind: str) -> list[dict[str, Any]]:
    """The `entry[]` items of a body: one notification of `object` kind, or a list of them (as
    Instagram's documented examples show)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    found: list[dict[str, Any]] = []
    for note in data if isinstance(data, list) else [data]:
        if not isinstance(note, dict) or not isinstance(note.get("entry"), list):
            raise Malformed("`entry` must be a list")
        if note.get("object") != kind:
            raise Malformed(f"`object` must be {kind!r}")
        if not all(isinstance(entry, dict) for entry in note["entry"]):
            raise Malformed("`entry[]` must be objects")
        found.extend(note["entry"])
    return found


def read_messaging(entry: dict[str, Any], found: Notification) -> None:
    """An entry's `messaging[]` into `found`: messages (echoes of our own and the account's own
    events left out), postbacks as messages, delivery receipts by message id, read receipts that
    name the message (Instagram's; Messenger's `read` has only a watermark and is left out).
    `standby[]` (another app holds the conversation) is not read."""
    events = entry.get("messaging", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise Malformed("`entry[].messaging` must be a list of objects")
    own = str(entry.get("id", ""))
    for event in events:
        sender = _id_of(event.get("sender"))
        if "message" in event or "postback" in event:
            message = event.get("message") or event.get("postback")
            if not isinstance(message, dict):
                raise Malformed("`messaging[].message` must be an object")
            if not sender:
                raise Malformed("`messaging[].sender.id` is required")
            mid = message.get("mid") or ""
            if not mid and "postback" in event:
                mid = f"postback:{sender}:{event.get('timestamp', '')}"  # old postbacks have none
            if not isinstance(mid, str) or not mid:
                raise Malformed("`message.mid` is required")
            attachments = message.get("attachments", [])
            if not isinstance(attachments, list) or not all(
                isinstance(a, dict) and isinstance(a.get("payload") or {}, dict)
                for a in attachments
            ):
                raise Malformed("`message.attachments` must be a list of objects with a `payload`")
            for key in ("text", "title"):  # a message's text, a postback's button title
                words(message, key, "messaging[].message")
            if message.get("is_echo") or sender == own:
                continue
            found.messages.append(
                ChatMessage(
                    message_id=mid, sender=sender, text=text_of(event), payload={"event": event}
                )
            )
        elif isinstance(event.get("delivery"), dict):
            delivery = event["delivery"]
            at = _time(delivery.get("watermark") or event.get("timestamp"))
            mids = delivery.get("mids") or []
            if not isinstance(mids, list):
                raise Malformed("`delivery.mids` must be a list")
            found.receipts.extend(Receipt(str(mid), "delivered", at) for mid in mids if mid)
        elif isinstance(event.get("read"), dict) and event["read"].get("mid"):
            found.receipts.append(
                Receipt(str(event["read"]["mid"]), "read", _time(event.get("timestamp")))
            )


def _id_of(party: Any) -> str:
    return str(party.get("id") or "") if isinstance(party, dict) else ""


def _time(milliseconds: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(milliseconds) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def written_at(payload: dict[str, Any], received_at: datetime) -> datetime:
    """When the citizen wrote a stored message: the event's `timestamp`, never later than it was
    received (a clock ahead), and `received_at` when the event has none that reads."""
    event = payload.get("event")
    written = _time(event.get("timestamp")) if isinstance(event, dict) else None
    return received_at if written is None else min(written, received_at)


def text_of(event: dict[str, Any]) -> str:
    """What the citizen wrote: the text (a quick reply's title is its text) or a postback's
    button title; a field of another type reads as empty (parse refuses it)."""
    if isinstance(event.get("message"), dict):
        text = event["message"].get("text")
    elif isinstance(event.get("postback"), dict):
        text = event["postback"].get("title")
    else:
        text = ""
    return text if isinstance(text, str) else ""


def handle_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Taken:
    """The inbox handler for a Messenger row (intake.inbox.HANDLERS): a message, or a comment on
    the Page's posts with its photo. A photo the CDN cannot give now (5xx, no connection) raises,
    so the row is tried again later."""
    if "comment" in row.payload:
        piece = _comment_piece(row, row.payload["comment"])
    else:
        piece = piece_of(row, row.payload.get("event") or {})
    if piece is None:
        return Taken("ignored")
    return take(account, piece, now=now)


def _comment_piece(row: InboxMessage, comment: dict[str, Any]) -> Piece | None:
    said = comment.get("message")
    text = said.strip() if isinstance(said, str) else ""
    photo = fetch_photo(str(comment.get("photo") or "")) if comment.get("photo") else None
    if not text and photo is None:
        return None
    return Piece(
        handle=row.sender,
        message_id=row.message_id,
        text=text,
        photos=(photo,) if photo else (),
        name=str((comment.get("from") or {}).get("name") or ""),
        language=language_of(text),
    )


def piece_of(row: InboxMessage, event: dict[str, Any]) -> Piece | None:
    """The piece a stored messaging event gives, or None when it holds nothing to use (a
    sticker, audio, a video)."""
    message = event.get("message") or {}
    photos: list[ProcessedImage] = []
    point = None
    usable = False
    for attachment in message.get("attachments") or []:
        payload = attachment.get("payload") or {}
        if attachment.get("type") == "image" and not payload.get("sticker_id"):
            usable = True
            photo = fetch_photo(str(payload.get("url") or ""))
            if photo is not None:
                photos.append(photo)
        elif attachment.get("type") == "location":
            point = point_of(payload) or point
            usable = usable or point is not None
    text = text_of(event).strip()
    if not text and not usable:
        return None
    return Piece(
        handle=row.sender,
        message_id=row.message_id,
        text=text,
        photos=tuple(photos),
        point=point,
        language=language_of(text),
    )


def point_of(payload: dict[str, Any]) -> tuple[float, float] | None:
    """A location attachment's `payload.coordinates` (`lat`, `long`)."""
    where = payload.get("coordinates") or {}
    try:
        return (float(where["lat"]), float(where["long"]))
    except (KeyError, TypeError, ValueError):
        return None


def fetch_photo(url: str) -> ProcessedImage | None:
    """The image at an attachment's URL: a signed CDN link that needs no token (so ours is not
    sent). A link that has expired or is refused (4xx) and a file the photo pipeline refuses are
    left out; 429, 5xx and transport errors raise for a retry."""
    if not url:
        return None
    answer = session().get(url, timeout=TIMEOUT)
    if 400 <= answer.status_code < 500 and answer.status_code != 429:
        log.info("attachment refused by the CDN: HTTP %s", answer.status_code)
        return None
    answer.raise_for_status()
    return received_photo(answer.content, what="attachment", log=log)
