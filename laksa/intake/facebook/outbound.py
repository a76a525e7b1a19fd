"""Facebook Messenger out, through the Send API: POST {api_base}/{page_id}/messages (/me/messages
without a page_id) with `messaging_type: RESPONSE` and the Page access token as a Bearer header
(not in the URL, so never in an error text operators read). Meta takes it within 24 hours of the
citizen's last message. Otherwise, when they commented on the Page's posts in the last 7 days, a
private reply to that comment (recipient `comment_id`; one per comment, within 7 days: Meta's
"Private Replies"); the comment is claimed for this message, so a retry uses it again and the
next message does not. The reference (channels.md 4.2) names no message tag for later, so a
message after that fails for good, saying so to operators, and no request is made."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.utils.translation import gettext

from laksa.intake.facebook.inbound import COMMENT_PREFIX, written_at
from laksa.intake.meta import api_base
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import Outgoing, PermanentError, Sent, post_json
from laksa.lib import clock

WINDOW = timedelta(hours=24)
PRIVATE_REPLY_DAYS = timedelta(days=7)
CLAIM = "private_reply"
"""The key a comment's inbox payload gets when a message is sent as its private reply."""
MAX_TEXT = 2000
"""The Send API's limit for a text message, in characters."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("a Messenger message needs its account")
    psid = message.recipient.strip()
    if not psid:
        raise PermanentError("no PSID to send to")
    payload = {
        "recipient": recipient(account, psid, message, "Messenger"),
        "messaging_type": "RESPONSE",
        "message": {"text": message.body.strip()[:MAX_TEXT]},
    }
    return post_message(account, str(account.setting("page_id") or "me"), payload)


def recipient(
    account: ChannelAccount, handle: str, message: Outgoing, platform: str
) -> dict[str, Any]:
    """Who a message goes to: the citizen within 24 hours of their last message; else, as the
    private reply to their latest comment not answered yet (claimed for this message); else it
    cannot be sent (outside_window)."""
    if in_window(account, handle, but=COMMENT_PREFIX):
        return {"id": handle}
    comment = claim_comment(account, handle, message.send_key)
    if comment is None:
        raise outside_window(platform)
    return {"comment_id": comment}


def post_message(
    account: ChannelAccount, node: str, payload: dict[str, Any], base: str = ""
) -> Sent:
    """POST the payload to {base or api_base}/{node}/messages; the answer's `message_id` is the
    provider id that delivery and read receipts name. 429 and 5xx are temporary, other 4xx
    permanent."""
    return post_json(
        f"{(base or api_base(account)).rstrip('/')}/{node}/messages",
        payload,
        authorization=f"Bearer {account.secret('access_token')}",
        read_id=lambda answer: answer.get("message_id"),
    )


def in_window(account: ChannelAccount, handle: str, *, but: str = "") -> bool:
    """The citizen wrote to the account within the last 24 hours (rows whose message id starts
    with `but` left out: a comment opens no window), counted from when they wrote (the event's
    timestamp), not from when Meta delivered it, which may be days later."""
    since = clock.now() - WINDOW
    # A message written in the window was received in it too (written_at <= received_at).
    rows = InboxMessage.objects.filter(account=account, sender=handle, received_at__gte=since)
    if but:
        rows = rows.exclude(message_id__startswith=but)
    pairs = rows.values_list("payload", "received_at")
    return any(written_at(payload, received) >= since for payload, received in pairs)


def outside_window(platform: str) -> PermanentError:
    return PermanentError(
        gettext(
            "Tidak terkirim: warga tidak menulis pesan ke akun %(platform)s dalam 24 jam "
            "terakhir, dan Meta hanya menerima balasan dalam 24 jam sejak pesan terakhir warga. "
            "Hubungi warga lewat kanal lain."
        )
        % {"platform": platform}
    )


def claim_comment(account: ChannelAccount, igsid: str, send_key: UUID) -> str | None:
    """The id of the citizen's latest comment of the last 7 days not yet privately answered,
    claimed for the message with this send key (one UPDATE, so two workers cannot both take it)."""
    rows = InboxMessage.objects.filter(
        account=account,
        sender=igsid,
        message_id__startswith=COMMENT_PREFIX,
        received_at__gte=clock.now() - PRIVATE_REPLY_DAYS,
    ).order_by("-received_at", "-id")
    for row in rows:
        comment_id = row.message_id.removeprefix(COMMENT_PREFIX)
        claimed = row.payload.get(CLAIM)
        if claimed == str(send_key):
            return comment_id
        if claimed:
            continue
        taken = (
            InboxMessage.objects.filter(pk=row.pk)
            .exclude(payload__has_key=CLAIM)
            .update(payload={**row.payload, CLAIM: str(send_key)})
        )
        if taken:
            return comment_id
    return None
