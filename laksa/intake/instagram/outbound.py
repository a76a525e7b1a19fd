"""Instagram out, through the Send API: POST {api_base}/{page_id or ig_user_id}/messages with the
access token as a Bearer header (facebook/outbound.py `post_message`). Within 24 hours of the
citizen's last direct message: a message to their IGSID. Otherwise, when they commented on the
city's posts in the last 7 days, a private reply to that comment (recipient `comment_id`; Meta
allows one per comment, within 7 days: developers.facebook.com/documentation/instagram-platform/
private-replies); the comment is claimed for this message, so a retry uses it again and the next
message does not. Otherwise the message fails for good, saying so to operators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from laksa.intake.facebook.outbound import in_window, outside_window, post_message
from laksa.intake.instagram.inbound import COMMENT_PREFIX
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import Outgoing, PermanentError, Sent
from laksa.lib import clock

PRIVATE_REPLY_DAYS = timedelta(days=7)
MAX_TEXT = 1000
CLAIM = "private_reply"
"""The key a comment's inbox payload gets when a message is sent as its private reply."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("an Instagram message needs its account")
    node = str(account.setting("page_id") or account.setting("ig_user_id") or "")
    if not node:
        raise PermanentError("the Instagram account has no ig_user_id")
    igsid = message.recipient.strip()
    if not igsid:
        raise PermanentError("no IGSID to send to")
    recipient: dict[str, Any] = {"id": igsid}
    if not in_window(account, igsid, but=COMMENT_PREFIX):
        comment = claim_comment(account, igsid, message.send_key)
        if comment is None:
            raise outside_window("Instagram")
        recipient = {"comment_id": comment}
    payload = {"recipient": recipient, "message": {"text": message.body.strip()[:MAX_TEXT]}}
    return post_message(account, node, payload)


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
