"""Kannel's smsbox `sendsms` (User's Guide 1.4.5, tables 7-16 and 7-17): a GET with username,
password, from, to and text. `202 0: Accepted` or `202 3: Queued` is sent; 4xx is a request or
configuration error; 503 is temporary.

Kannel has no idempotency key: a worker that dies after Kannel accepted a message and before the
row was recorded sends it again after the lease (docs/channels.md: at-least-once).

Account settings: `send_url` (…/cgi-bin/sendsms), `username`, optional `sender`, `smsc`;
secret `password`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

from laksa.intake.outbound import (
    TIMEOUT,
    Outgoing,
    PermanentError,
    Sent,
    error_for_status,
    session,
    transport_error,
)
from laksa.lib.gsm7 import gsm7_length

if TYPE_CHECKING:
    from laksa.intake.models import ChannelAccount


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None or not account.setting("send_url"):
        raise PermanentError("the Kannel account has no send_url")
    params = {
        "username": account.setting("username"),
        "password": account.secret("password"),
        "to": message.recipient,
        "text": message.body,
        "charset": "UTF-8",
    }
    if gsm7_length(message.body) is None:
        params["coding"] = "2"  # UCS-2 for text GSM-7 cannot carry
    if account.setting("sender"):
        params["from"] = account.setting("sender")
    if account.setting("smsc"):
        params["smsc"] = account.setting("smsc")
    try:
        response = session().get(account.setting("send_url"), params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise transport_error(exc) from exc
    if not 200 <= response.status_code < 300:
        raise error_for_status(response.status_code, response.text)
    return Sent(http_status=response.status_code)
