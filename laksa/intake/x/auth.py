"""How Laksa calls X as the city's account (sending DMs, fetching a DM's photo or a shared
place): at `api_base` (setting; default https://api.x.com), with either an OAuth 1.0a user token,
which does not expire, or an OAuth 2.0 user token sent as a bearer. With `consumer_key` and
`access_token_secret` set the requests are signed (OAuth 1.0a, HMAC-SHA1, RFC 5849 §3.4);
otherwise `access_token` is sent as `Authorization: Bearer`.

An OAuth 2.0 user token lasts two hours. With a `refresh_token` (the app asked for the
`offline.access` scope) and the app's `client_id` (setting; `client_secret` too for a confidential
client), the token is refreshed before it runs out (`POST {api_base}/2/oauth2/token`,
grant_type=refresh_token). Each refresh gives a new refresh token and the old one stops working,
so one worker refreshes at a time: the account's row is locked and read again first."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

import requests
from django.db import transaction
from django.utils.translation import gettext as _

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import TIMEOUT, PermanentError, TemporaryError, session
from laksa.lib import clock

API_BASE = "https://api.x.com"
REFRESH_BEFORE = timedelta(minutes=5)
"""A token with less than this left is refreshed before it is used."""
TOKEN_LIFETIME = timedelta(hours=2)
"""X's OAuth 2.0 user tokens' life, when its answer does not say (`expires_in`)."""


class TokenRefused(PermanentError):
    """X refused the refresh token: someone must authorise the app as the city again."""


class TokenUnavailable(TemporaryError):
    """X could not refresh the token now (busy, unreachable): try again later."""


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
        return f"Bearer {fresh_token(account)}"
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


def fresh_token(account: ChannelAccount) -> str:
    """The account's OAuth 2.0 user token, refreshed first when it runs out within
    REFRESH_BEFORE and the account can refresh it. `account` is given the new secrets."""
    if not account.secret("refresh_token") or not _running_out(account):
        return account.secret("access_token")
    with transaction.atomic():
        current = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        if _running_out(current):  # another worker may have refreshed it meanwhile
            _refresh(current)
    account.secrets = current.secrets
    return account.secret("access_token")


def _running_out(account: ChannelAccount) -> bool:
    try:
        expires = datetime.fromisoformat(account.secret("access_token_expires_at"))
    except ValueError:
        return True  # never refreshed here: its age is unknown
    return expires - REFRESH_BEFORE <= clock.now()


def _refresh(account: ChannelAccount) -> None:
    client_id = str(account.setting("client_id") or "")
    client_secret = account.secret("client_secret")
    form = {
        "grant_type": "refresh_token",
        "refresh_token": account.secret("refresh_token"),
        "client_id": client_id,
    }
    try:
        answer = session().post(
            f"{api_base(account)}/2/oauth2/token",
            data=form,
            auth=(client_id, client_secret) if client_secret else None,
            timeout=TIMEOUT,
        )
    except requests.RequestException as exc:
        raise TokenUnavailable(f"X's token refresh: {type(exc).__name__}: {exc}") from exc
    if answer.status_code == 429 or answer.status_code >= 500:
        raise TokenUnavailable(f"X's token refresh: HTTP {answer.status_code}")
    try:
        body = answer.json() if answer.status_code == 200 else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict) or not body.get("access_token"):
        raise TokenRefused(
            _(
                "X menolak refresh token (HTTP %(status)s): otorisasi ulang aplikasi sebagai "
                "akun kota, lalu setel access_token dan refresh_token-nya (laksa channel add)."
            )
            % {"status": answer.status_code},
            http_status=answer.status_code,
        )
    try:
        lasts = timedelta(seconds=int(body.get("expires_in") or 0)) or TOKEN_LIFETIME
    except (TypeError, ValueError):
        lasts = TOKEN_LIFETIME
    account.secrets = {
        **account.secrets,
        "access_token": str(body["access_token"]),
        "refresh_token": str(body.get("refresh_token") or account.secret("refresh_token")),
        "access_token_expires_at": (clock.now() + lasts).isoformat(),
    }
    account.save(update_fields=["secrets"])
