"""Instagram in: direct messages arrive as Messenger events (read by facebook.inbound), comments
on the city's posts as `changes[]` of field `comments` (or `live_comments`); both become intake
inbox rows and, through the conversation core, one report per citizen. A comment's row is keyed
COMMENT_PREFIX + its id (a retry is the same row) and is told apart from messages by that prefix:
a comment opens no 24-hour window, it allows one private reply (instagram/outbound.py). The
city's own comments and messages are left out. The handshake and the signature are Meta's
(intake/meta.py).

Format: docs/channels.md "Instagram"; payloads in fixtures/."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from laksa.intake.conversations import Piece, Taken, language_of, take
from laksa.intake.facebook.inbound import (
    COMMENT_PREFIX,
    changes,
    entries,
    piece_of,
    read_messaging,
    words,
)
from laksa.intake.inbox import ChatMessage
from laksa.intake.meta import Malformed, Notification, for_another
from laksa.intake.models import ChannelAccount, InboxMessage

__all__ = ["COMMENT_PREFIX", "handle_row", "parse"]

COMMENT_FIELDS = ("comments", "live_comments")


def parse(body: bytes, account: ChannelAccount) -> Notification:
    """Every message, comment and receipt of an Instagram webhook, each checked before any is
    stored."""
    found = Notification()
    own = {str(account.setting("ig_user_id") or "")} - {""}
    for entry in entries(body, "instagram"):
        if for_another(account, entry.get("id"), ("ig_user_id", "page_id")):
            found.ignored += 1
            continue
        read_messaging(entry, found)
        for change in changes(entry):
            if change.get("field") in COMMENT_FIELDS:
                comment = _comment(change.get("value"))
                if comment is not None and comment.sender not in own | {str(entry.get("id"))}:
                    found.messages.append(comment)
    return found


def _comment(value: Any) -> ChatMessage | None:
    if not isinstance(value, dict):
        raise Malformed("`changes[].value` must be an object")
    author = value.get("from")
    if not isinstance(value.get("id"), str) or not value["id"]:
        raise Malformed("`value.id` (the comment's id) is required")
    if not isinstance(author, dict) or not author.get("id"):
        raise Malformed("`value.from.id` is required")
    return ChatMessage(
        message_id=COMMENT_PREFIX + value["id"],
        sender=str(author["id"]),
        text=words(value, "text", "value"),
        payload={"comment": value},
    )


def handle_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Taken:
    """The inbox handler for an Instagram row (intake.inbox.HANDLERS): a comment's text, or a
    direct message read as Messenger's."""
    if "comment" in row.payload:
        text = row.payload["comment"].get("text")
        text = text.strip() if isinstance(text, str) else ""
        piece: Piece | None = None
        if text:
            piece = Piece(
                handle=row.sender,
                message_id=row.message_id,
                text=text,
                name=str((row.payload["comment"].get("from") or {}).get("username") or ""),
                language=language_of(text),
            )
    else:
        piece = piece_of(row, row.payload.get("event") or {})
    if piece is None:
        return Taken("ignored")
    return take(account, piece, now=now)
