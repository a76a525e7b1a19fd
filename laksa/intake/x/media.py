"""A citizen's photos on X, fetched once when their message is handled. A DM's photo is private:
`GET {api_base}/2/dm_conversations/media/{dm id}/{media id}/{file}` as the city's account
(auth.py). A post's photos are public files on pbs.twimg.com, fetched from `media_base` (that
host by default) without credentials; a URL on any other host is not fetched.

X busy or unreachable (transport error, 429, 5xx) raises MediaUnavailable so the inbox tries the
row again; a photo X no longer has (other 4xx), a GIF or video, or a file the photo pipeline
refuses is left out and the words still count."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

import requests

from laksa.intake.media import received_photo
from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import TIMEOUT, session
from laksa.intake.x.auth import api_base, authorization
from laksa.lib.images import ProcessedImage

log = logging.getLogger("laksa.intake.x")

MEDIA_HOST = "pbs.twimg.com"
MAX_PER_POST = 4
"""X allows four photos in a post."""
_RESOURCE = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")


class MediaUnavailable(RuntimeError):
    """X could not give a photo now: the row is tried again later."""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def dm_photo(account: ChannelAccount, dm_id: str, media: dict[str, Any]) -> ProcessedImage | None:
    """The photo attached to a DM (`attachment.media`), or None."""
    if media.get("type") != "photo":
        return None
    media_id = str(media.get("id_str") or media.get("id") or "")
    resource = str(media.get("media_url_https") or "").rsplit("/", 1)[-1]
    if not (dm_id.isdigit() and media_id.isdigit() and _RESOURCE.match(resource)):
        log.info("x dm %s: media without a usable id or url", dm_id)
        return None
    url = f"{api_base(account)}/2/dm_conversations/media/{dm_id}/{media_id}/{resource}"
    return _download(url, {"Authorization": authorization(account, "GET", url)})


def post_photos(account: ChannelAccount, urls: list[str]) -> tuple[ProcessedImage, ...]:
    """The public photos of a post, by their `media_url_https`."""
    base = str(account.setting("media_base") or f"https://{MEDIA_HOST}").rstrip("/")
    found = []
    for url in urls[:MAX_PER_POST]:
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != MEDIA_HOST:
            log.info("x post photo not on %s, skipped: %s", MEDIA_HOST, url[:200])
            continue
        photo = _download(base + parts.path, {})
        if photo is not None:
            found.append(photo)
    return tuple(found)


def tweet_photo_urls(item: dict[str, Any]) -> list[str]:
    """A v1.1 Tweet's photos (`extended_entities.media`, the full post's when it is long)."""
    extended = _dict(item.get("extended_tweet"))
    holder = _dict(extended.get("extended_entities") or item.get("extended_entities"))
    media = _dicts(holder.get("media"))
    return [str(m.get("media_url_https")) for m in media if m.get("type") == "photo"]


def post_photo_urls(item: dict[str, Any], media: list[dict[str, Any]]) -> list[str]:
    """A v2 Post's photos: its `attachments.media_keys` found in `includes.media`."""
    keys = _dict(item.get("attachments")).get("media_keys")
    if not isinstance(keys, list):
        return []
    return [
        str(m.get("url"))
        for m in media
        if m.get("media_key") in keys and m.get("type") == "photo" and m.get("url")
    ]


def _download(url: str, headers: dict[str, str]) -> ProcessedImage | None:
    try:
        answer = session().get(url, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise MediaUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if answer.status_code == 429 or answer.status_code >= 500:
        raise MediaUnavailable(f"HTTP {answer.status_code} for {urlsplit(url).path}")
    if answer.status_code != 200:
        log.info("x media %s: HTTP %s, skipped", urlsplit(url).path, answer.status_code)
        return None
    return received_photo(answer.content, what=f"x media {urlsplit(url).path}", log=log)
