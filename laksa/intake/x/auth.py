"""How Laksa calls X as the city's account (sending DMs, fetching a DM's photo): at `api_base`
(setting; default https://api.x.com), with either an
OAuth 1.0a user token, which does not expire, or an OAuth 2.0 user token sent as a bearer, which
lasts two hours unless refreshed outside Laksa. With `consumer_key` and `access_token_secret` set
the requests are signed (OAuth 1.0a, HMAC-SHA1, RFC 5849 §3.4); otherwise `access_token` is sent
as `Authorization: Bearer`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from laksa.intake.models import ChannelAccount

API_BASE = "https://api.x.com"


def api_base(account: ChannelAccount) -> str:
    return str(account.setting("api_base") or API_BASE).rstrip("/")


def _escape(value: str) -> str:
    return quote(value, safe="-._~")


def authorization(account: ChannelAccount, method: str, url: str) -> str:
    """The Authorization header for one request to X as the city's account ("" without a token).
    A JSON body is not part of an OAuth 1.0a signature; a query string is."""
    token = account.secret("access_token")
    consumer_key = str(account.setting("consumer_key") or "")
    token_secret = account.secret("access_token_secret")
    if not token:
        return ""
    if not (consumer_key and token_secret):
        return f"Bearer {token}"
    return oauth1(
        method,
        url,
        consumer_key=consumer_key,
        consumer_secret=account.secret("consumer_secret"),
        token=token,
        token_secret=token_secret,
    )


def oauth1(
    method: str,
    url: str,
    *,
    consumer_key: str,
    consumer_secret: str,
    token: str,
    token_secret: str,
    nonce: str = "",
    timestamp: int | None = None,
) -> str:
    """An OAuth 1.0a `Authorization` header value for the request (nonce and time may be given
    so a signature can be checked against a known one)."""
    oauth = {
        "oauth_consumer_key": consumer_key,
        "oauth_nonce": nonce or secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(int(time.time()) if timestamp is None else timestamp),
        "oauth_token": token,
        "oauth_version": "1.0",
    }
    parts = urlsplit(url)
    params = [*parse_qsl(parts.query, keep_blank_values=True), *oauth.items()]
    normalised = "&".join(
        f"{k}={v}" for k, v in sorted((_escape(k), _escape(v)) for k, v in params)
    )
    base_url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))
    base = "&".join((method.upper(), _escape(base_url), _escape(normalised)))
    key = f"{_escape(consumer_secret)}&{_escape(token_secret)}"
    digest = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
    oauth["oauth_signature"] = base64.b64encode(digest).decode()
    return "OAuth " + ", ".join(f'{_escape(k)}="{_escape(v)}"' for k, v in sorted(oauth.items()))
