"""X in: the CRC answer, the `x-twitter-webhooks-signature` check over the raw body, the two
webhook shapes read into the messages worth keeping, and `handle_row`, which turns a stored one
(intake inbox, its item in `payload`) into a conversation Piece.

Account Activity POSTs `{"for_user_id", "direct_message_events" | "tweet_create_events", "users"}`;
the X Activity API POSTs `{"data": {"event_type", "filter": {"user_id"}, "payload", "includes"}}`
(`dm.received` carries the same DM events, `post.mention.create` a v2 Post). Kept: DMs to the city
and posts that mention it; the city's own DMs and posts, retweets and everything else are dropped
before anything is stored. Photos: media.py; points: points.py. Format: docs/channels.md "X";
payloads in fixtures/."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import re
from datetime import datetime
from typing import Any

from laksa.intake import payloads
from laksa.intake.conversations import Piece, Taken, language_of, take
from laksa.intake.inbox import ChatMessage
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.x import media, places, points
from laksa.lib.images import ProcessedImage

log = logging.getLogger("laksa.intake.x")

SIGNATURE_HEADER = "x-twitter-webhooks-signature"
_LEADING_MENTIONS = re.compile(r"^(?:\s*@\w+)+\s*")


class Malformed(ValueError):
    """The body is not an X webhook event as documented; nothing was stored."""


def city_id(account: ChannelAccount) -> str:
    """The city's own X user id (setting `user_id`): its DMs and posts are never reports."""
    return str(account.setting("user_id") or "").strip()


def _digest(secret: str, message: bytes) -> str:
    mac = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(mac).decode()


def crc_response(account: ChannelAccount, crc_token: str) -> str | None:
    """The `response_token` for X's CRC check, or None when the account has no consumer_secret."""
    secret = account.secret("consumer_secret")
    return _digest(secret, crc_token.encode()) if secret else None


def signature_is_valid(account: ChannelAccount, body: bytes, header: str) -> bool:
    secret = account.secret("consumer_secret")
    given = header.strip()
    if not secret or not given:
        return False
    return hmac.compare_digest(given.encode(), _digest(secret, body).encode())


def sign(secret: str, body: bytes) -> str:
    """The header value X sends (for the tests)."""
    return _digest(secret, body)


def parse(body: bytes, city: str = "", screen_name: str = "") -> tuple[list[ChatMessage], int]:
    """The citizens' DMs and mentions in the body (each checked before any is stored) and how
    many events were dropped. `city` is the account's user id; without it the body's is used."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise Malformed("the body must be a JSON object")
    if "data" in data:
        return _activity(_object(data, "data"), city, screen_name)
    if "for_user_id" in data:
        return _account_activity(data, city, screen_name)
    # Signed by X but of a kind not read here, e.g. `user_event` (the app's access revoked),
    # which X sends without `for_user_id`: answered 200, as X retries anything else.
    if "revoke" in _dict(data.get("user_event")):
        log.error(
            "X: the city's account revoked this app's access (user_event.revoke); DMs cannot "
            "be sent until it is authorised again"
        )
    return [], 1


def _account_activity(
    data: dict[str, Any], city: str, screen_name: str
) -> tuple[list[ChatMessage], int]:
    owner = str(data.get("for_user_id") or "")
    if not owner:
        raise Malformed("`for_user_id` is required")
    dms = _list(data, "direct_message_events")
    tweets = _list(data, "tweet_create_events")
    if city and owner != city:
        return [], len(dms) + len(tweets)  # another account's events on the same webhook
    users = _dict(data.get("users"))
    found = [_dm(item, users, owner) for item in dms]
    found += [_tweet(item, owner, screen_name) for item in tweets]
    kept = [message for message in found if message is not None]
    return kept, len(found) - len(kept)


def _activity(data: dict[str, Any], city: str, screen_name: str) -> tuple[list[ChatMessage], int]:
    event_type = data.get("event_type")
    if not isinstance(event_type, str) or not event_type:
        raise Malformed("`data.event_type` is required")
    payload = _object(data, "payload")
    owner = str(_dict(data.get("filter")).get("user_id") or "")
    if city and owner and owner != city:
        return [], 1
    owner = city or owner
    if event_type.startswith("dm."):
        users = _dict(payload.get("users"))
        found = [_dm(item, users, owner) for item in _list(payload, "direct_message_events")]
        kept = [message for message in found if message is not None]
        return kept, len(found) - len(kept)
    if event_type == "post.mention.create":
        post = _post(payload, _dict(data.get("includes")), owner, screen_name)
        return ([post], 0) if post else ([], 1)
    return [], 1


def _dm(item: dict[str, Any], users: dict[str, Any], city: str) -> ChatMessage | None:
    if item.get("type") != "message_create":
        return None
    create = item.get("message_create")
    if not isinstance(create, dict):
        raise Malformed("`direct_message_events[].message_create` must be an object")
    event_id, sender = _required(item, "id"), str(create.get("sender_id") or "")
    if not sender:
        raise Malformed("`message_create.sender_id` is required")
    if sender == city:
        return None  # the city's own DM (its answers, echoed back)
    text = _text(_dict(create.get("message_data")), "text", "message_data")
    payload = {"kind": "dm", "item": item, "name": _name(users.get(sender))}
    return ChatMessage(message_id=event_id, sender=sender, text=text, payload=payload)


def _tweet(item: dict[str, Any], city: str, screen_name: str) -> ChatMessage | None:
    """A v1.1 Tweet from `tweet_create_events`: kept when someone else's and it mentions the city."""
    tweet_id = _required(item, "id_str")
    user = item.get("user")
    author = str(user.get("id_str") or "") if isinstance(user, dict) else ""
    if not author:
        raise Malformed("`tweet_create_events[].user.id_str` is required")
    if author == city or "retweeted_status" in item:
        return None
    extended = _dict(item.get("extended_tweet"))
    entities = _dict(extended.get("entities") or item.get("entities"))
    mentioned = {str(m.get("id_str")) for m in _dicts(entities.get("user_mentions"))}
    if city not in mentioned:
        return None
    full = (
        _text(extended, "full_text", "extended_tweet")
        or _text(item, "full_text", "tweet_create_events[]")
        or _text(item, "text", "tweet_create_events[]")
    )
    links = [str(m.get("url")) for m in _dicts(entities.get("media")) if m.get("url")]
    text = _words(full, links, screen_name)
    payload = {"kind": "tweet", "item": item, "name": _name(user)}
    return ChatMessage(message_id=tweet_id, sender=author, text=text, payload=payload)


def _post(
    item: dict[str, Any], includes: dict[str, Any], city: str, screen_name: str
) -> ChatMessage | None:
    """A v2 Post from `post.mention.create`: kept unless it is the city's own or a retweet."""
    post_id, author = _required(item, "id"), str(item.get("author_id") or "")
    if not author:
        raise Malformed("`payload.author_id` is required")
    retweet = any(r.get("type") == "retweeted" for r in _dicts(item.get("referenced_tweets")))
    if author == city or retweet:
        return None
    full = _text(_dict(item.get("note_tweet")), "text", "note_tweet") or _text(
        item, "text", "payload"
    )
    urls = _dicts(_dict(item.get("entities")).get("urls"))
    text = _words(full, [str(u.get("url")) for u in urls if u.get("media_key")], screen_name)
    users = _dicts(includes.get("users"))
    name = next((_name(u) for u in users if str(u.get("id")) == author), "")
    payload = {
        "kind": "post",
        "item": item,
        "name": name,
        "places": _dicts(includes.get("places")),
        "media": _dicts(includes.get("media")),
    }
    return ChatMessage(message_id=post_id, sender=author, text=text, payload=payload)


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise Malformed(f"`{key}` must be an object")
    return value


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Malformed(f"`{key}` must be a list of objects")
    return items


def _required(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise Malformed(f"`{key}` is required on every event")
    return value


def _text(holder: dict[str, Any], key: str, where: str) -> str:
    """The words at `holder[key]` (intake.payloads.words, refused as this door refuses)."""
    return payloads.words(holder, key, where, Malformed)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects in an optional list (X leaves some lists out, and nothing else is relied on)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _name(user: Any) -> str:
    """A user's display name, from the Account Activity `users` map or an X Activity user."""
    user = _dict(user)
    return str((_dict(user.get("data")) or user).get("name", ""))


def _words(text: str, links: list[str], screen_name: str) -> str:
    """A post's own words: without its photos' t.co links, the @handles it starts with (a
    reply's) and the city's @name; X's `&amp;` unescaped."""
    for link in links:
        text = text.replace(link, "")
    text = _LEADING_MENTIONS.sub("", html.unescape(text))
    if screen_name:
        text = re.sub(rf"@{re.escape(screen_name.lstrip('@'))}\b", "", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def handle_row(account: ChannelAccount, row: InboxMessage, now: datetime) -> Taken:
    """The inbox handler for an X row (intake.inbox.HANDLERS). A photo X cannot give now raises
    (media.MediaUnavailable), so the row is tried again later."""
    kind, item = row.payload.get("kind"), _dict(row.payload.get("item"))
    if kind == "dm":
        text, photos, point = _dm_parts(account, item)
        language = language_of(text)
    elif kind == "tweet":
        text, point = row.text, points.tweet_point(item)
        photos = media.post_photos(account, media.tweet_photo_urls(item))
        language = "en" if item.get("lang") == "en" else language_of(text)
    elif kind == "post":
        text, point = row.text, points.post_point(item, _dicts(row.payload.get("places")))
        urls = media.post_photo_urls(item, _dicts(row.payload.get("media")))
        photos = media.post_photos(account, urls)
        language = "en" if item.get("lang") == "en" else language_of(text)
    else:
        return Taken("ignored")
    piece = Piece(
        handle=row.sender,
        message_id=row.message_id,
        text=text,
        photos=photos,
        point=point,
        name=str(row.payload.get("name", "")),
        language=language,
    )
    return take(account, piece, now=now)


def _dm_parts(
    account: ChannelAccount, item: dict[str, Any]
) -> tuple[str, tuple[ProcessedImage, ...], tuple[float, float] | None]:
    data = _dict(_dict(item.get("message_create")).get("message_data"))
    text = data["text"] if isinstance(data.get("text"), str) else ""
    attachment = _dict(data.get("attachment"))
    photos: tuple[ProcessedImage, ...] = ()
    point: points.Point | None = None
    if attachment.get("type") == "media":
        attached = _dict(attachment.get("media"))
        # X puts the media's t.co link in the text; it is not the citizen's words.
        text = text.replace(str(attached.get("url") or "\0"), "")
        photo = media.dm_photo(account, str(item.get("id", "")), attached)
        photos = (photo,) if photo else ()
    elif attachment.get("type") == "location":
        point = points.dm_point(attachment)
        place_id = places.shared_place_id(attachment) if point is None else None
        if place_id:
            point = places.shared_place_point(account, place_id)
    return " ".join(text.split()), photos, point
