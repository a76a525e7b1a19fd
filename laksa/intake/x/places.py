"""A place a citizen shares in an X DM. X sends only its id (`attachment.location.shared_place`);
its box comes from `GET {api_base}/1.1/geo/id/{place id}.json` as the city's account (auth.py).
Its centre is the report's point when the place is small (points.PLACE_TYPES: a point of interest,
a neighbourhood); a city or a country says nothing useful, and the conversation asks where.

X busy or unreachable (transport error, 429, 5xx) raises media.MediaUnavailable, so the inbox
tries the row again; a place X does not know (other 4xx) or an answer that is not a place gives
no point."""

from __future__ import annotations

import logging
import re
from typing import Any

import requests

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import TIMEOUT, session
from laksa.intake.x import points
from laksa.intake.x.auth import api_base, authorization
from laksa.intake.x.media import MediaUnavailable

log = logging.getLogger("laksa.intake.x")

_PLACE_ID = re.compile(r"^[0-9a-f]{1,32}$")
"""X's place ids are short hexadecimal strings (e.g. 01a9a39529b27f36)."""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def shared_place_id(attachment: dict[str, Any]) -> str | None:
    """The id of the place a DM's location attachment shares, or None."""
    location = _dict(attachment.get("location"))
    place = _dict(_dict(location.get("shared_place")).get("place"))
    place_id = str(place.get("id") or "")
    return place_id if _PLACE_ID.match(place_id) else None


def shared_place_point(account: ChannelAccount, place_id: str) -> points.Point | None:
    """The centre of the shared place when it is small, from X's place lookup; or None."""
    url = f"{api_base(account)}/1.1/geo/id/{place_id}.json"
    try:
        answer = session().get(
            url, headers={"Authorization": authorization(account, "GET", url)}, timeout=TIMEOUT
        )
    except requests.RequestException as exc:
        raise MediaUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if answer.status_code == 429 or answer.status_code >= 500:
        raise MediaUnavailable(f"HTTP {answer.status_code} for place {place_id}")
    if answer.status_code != 200:
        log.info("x place %s: HTTP %s, no point", place_id, answer.status_code)
        return None
    try:
        place = answer.json()
    except ValueError:
        log.info("x place %s: not JSON, no point", place_id)
        return None
    return points.tweet_point({"place": place}) if isinstance(place, dict) else None
