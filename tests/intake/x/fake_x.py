"""A fake of the X API calls the channel makes, on 127.0.0.1: a DM's photo
(`GET /2/dm_conversations/media/{dm}/{media}/{resource}`), a post's public photo
(`GET /media/{file}`, as pbs.twimg.com serves it), a shared place (`GET /1.1/geo/id/{id}.json`)
and sending a DM
(`POST /2/dm_conversations/with/{participant}/messages`) and refreshing an OAuth 2.0 token
(`POST /2/oauth2/token`), the DM calls only as the city's account: the
user token as a bearer, or an OAuth 1.0a signature checked here with its own code. Every request's
method and path is kept, so a test can say no public reply was ever posted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from urllib.parse import parse_qsl, quote, unquote

from tests.images import make_image
from tests.intake import fake_server

TOKEN = "token-pengguna-uji"
CONSUMER_KEY = "kunci-konsumen-uji"
CONSUMER_SECRET = "rahasia-konsumen-uji"
TOKEN_SECRET = "rahasia-token-uji"
_MEDIA = re.compile(r"^/2/dm_conversations/media/(\d+)/(\d+)/([\w.-]+)$")
_SEND = re.compile(r"^/2/dm_conversations/with/(\d+)/messages$")
_PLACE = re.compile(r"^/1\.1/geo/id/(\w+)\.json$")
PLACE_ID = "0a1b2c3d4e5f6071"
"""The place laksa/intake/x/fixtures/dm_place.json shares: a point of interest in kelurahan Barat."""


def place(place_id: str, place_type: str, ring: list[list[float]]) -> dict[str, object]:
    """A v1.1 place as `GET geo/id/{id}.json` answers it (its box: [longitude, latitude])."""
    return {
        "id": place_id,
        "place_type": place_type,
        "name": "Taman Kota",
        "full_name": "Taman Kota, Tangerang",
        "country_code": "ID",
        "bounding_box": {"type": "Polygon", "coordinates": [ring]},
    }


class Handler(fake_server.Handler):
    server: FakeX

    def _authorised(self) -> bool:
        with self.server.lock:
            self.server.requests.append((self.command, self.path))
        given = self.headers.get("Authorization") or ""
        if given == f"Bearer {self.server.access_token}" or self._signed(given):
            return True
        self._answer(401, b'{"title": "Unauthorized", "status": 401}')
        return False

    def _signed(self, header: str) -> bool:
        """An OAuth 1.0a header whose HMAC-SHA1 signature matches this request (no query here)."""
        if not header.startswith("OAuth "):
            return False
        fields = dict(
            (key.strip(), unquote(value.strip().strip('"')))
            for key, _, value in (part.partition("=") for part in header[6:].split(","))
        )
        if fields.get("oauth_consumer_key") != CONSUMER_KEY or fields.get("oauth_token") != TOKEN:
            return False
        given = fields.pop("oauth_signature", "")
        pairs = sorted((quote(k, safe="~"), quote(v, safe="~")) for k, v in fields.items())
        text = "&".join(f"{k}={v}" for k, v in pairs)
        url = f"{self.server.base}{self.path}"
        base = f"{self.command}&{quote(url, safe='~')}&{quote(text, safe='~')}"
        key = f"{CONSUMER_SECRET}&{TOKEN_SECRET}".encode()
        expected = base64.b64encode(hmac.new(key, base.encode(), hashlib.sha1).digest()).decode()
        with self.server.lock:
            self.server.signed += 1
        return hmac.compare_digest(given, expected)

    def do_GET(self) -> None:
        if self.path.startswith("/media/"):  # a post's photo: public, as on pbs.twimg.com
            with self.server.lock:
                self.server.requests.append((self.command, self.path))
            self._answer(self.server.media_status, self.server.photo, "image/jpeg")
            return
        if not self._authorised():
            return
        if self.server.media_status != 200:
            self._answer(self.server.media_status, b'{"title": "Service Unavailable"}')
            return
        if _MEDIA.match(self.path):
            self._answer(200, self.server.photo, "image/jpeg")
            return
        found = _PLACE.match(self.path)
        if found and found.group(1) in self.server.places:
            self._answer(200, json.dumps(self.server.places[found.group(1)]).encode())
            return
        self._answer(404, b'{"title": "Not Found"}')

    def do_POST(self) -> None:
        if self.path == "/2/oauth2/token":
            self._token()
            return
        if not self._authorised():
            return
        body = self._json_body()
        match = _SEND.match(self.path)
        if match is None:
            self._answer(404, b'{"title": "Not Found"}')
            return
        if self.server.send_status != 201:
            self._answer(self.server.send_status, b'{"title": "Refused", "detail": "test"}')
            return
        with self.server.lock:
            self.server.sent.append({"to": match.group(1), "text": body["text"]})
            number = len(self.server.sent)
        answer = {
            "data": {"dm_conversation_id": f"{match.group(1)}-1", "dm_event_id": f"9{number}"}
        }
        self._answer(201, json.dumps(answer).encode())

    def _token(self) -> None:
        """OAuth 2.0 refresh: the current refresh token gives a new pair, and stops working."""
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        with self.server.lock:
            self.server.refreshes.append(form)
            if self.server.token_status != 200:
                self._answer(self.server.token_status, b'{"error": "temporarily_unavailable"}')
                return
            if form.get("grant_type") != "refresh_token" or (
                form.get("refresh_token") != self.server.refresh_token
            ):
                self._answer(400, b'{"error": "invalid_request"}')
                return
            n = len(self.server.refreshes)
            self.server.access_token = f"token-baru-{n}"
            self.server.refresh_token = f"segar-{n}"
            answer = {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": self.server.access_token,
                "scope": "dm.read dm.write tweet.read users.read offline.access",
                "refresh_token": self.server.refresh_token,
            }
        self._answer(200, json.dumps(answer).encode())


class FakeX(fake_server.FakeServer):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.sent: list[dict[str, str]] = []
        self.requests: list[tuple[str, str]] = []
        self.signed = 0
        self.media_status = 200
        self.send_status = 201
        self.access_token = TOKEN
        """The bearer X takes now; a refresh replaces it."""
        self.refresh_token = "segar-0"
        self.refreshes: list[dict[str, str]] = []
        self.token_status = 200
        self.photo = make_image(seed=11)
        box = [[106.6245, -6.1755], [106.6255, -6.1755], [106.6255, -6.1745], [106.6245, -6.1745]]
        self.places: dict[str, dict[str, object]] = {PLACE_ID: place(PLACE_ID, "poi", box)}
