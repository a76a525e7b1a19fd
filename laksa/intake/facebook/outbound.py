"""Facebook Messenger out, through the Send API: POST {api_base}/{page_id}/messages (/me/messages
without a page_id) with `messaging_type: RESPONSE` and the Page access token as a Bearer header
(not in the URL, so never in an error text operators read). Meta takes it within 24 hours of the
citizen's last message; the reference (channels.md 4.2) names no message tag for later, so a
message after that fails for good, saying so to operators, and no request is made."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext

from laksa.intake.meta import api_base
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import Outgoing, PermanentError, Sent, post_json
from laksa.lib import clock

WINDOW = timedelta(hours=24)
MAX_TEXT = 2000
"""The Send API's limit for a text message, in characters."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("a Messenger message needs its account")
    psid = message.recipient.strip()
    if not psid:
        raise PermanentError("no PSID to send to")
    if not in_window(account, psid):
        raise outside_window("Messenger")
    payload = {
        "recipient": {"id": psid},
        "messaging_type": "RESPONSE",
        "message": {"text": message.body.strip()[:MAX_TEXT]},
    }
    return post_message(account, str(account.setting("page_id") or "me"), payload)


def post_message(account: ChannelAccount, node: str, payload: dict[str, Any]) -> Sent:
    """POST the payload to {api_base}/{node}/messages; the answer's `message_id` is the provider
    id that delivery and read receipts name. 429 and 5xx are temporary, other 4xx permanent."""
    return post_json(
        f"{api_base(account)}/{node}/messages",
        payload,
        authorization=f"Bearer {account.secret('access_token')}",
        read_id=lambda answer: answer.get("message_id"),
    )


def in_window(account: ChannelAccount, handle: str, *, but: str = "") -> bool:
    """The citizen wrote to the account within the last 24 hours (rows whose message id starts
    with `but` left out: an Instagram comment opens no window)."""
    rows = InboxMessage.objects.filter(
        account=account, sender=handle, received_at__gte=clock.now() - WINDOW
    )
    if but:
        rows = rows.exclude(message_id__startswith=but)
    return rows.exists()


def outside_window(platform: str) -> PermanentError:
    return PermanentError(
        gettext(
            "Tidak terkirim: warga tidak menulis pesan ke akun %(platform)s dalam 24 jam "
            "terakhir, dan Meta hanya menerima balasan dalam 24 jam sejak pesan terakhir warga. "
            "Hubungi warga lewat kanal lain."
        )
        % {"platform": platform}
    )
