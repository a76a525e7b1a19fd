"""Instagram out, through the Send API: POST {api_base}/{page_id or ig_user_id}/messages with the
access token as a Bearer header (facebook/outbound.py `post_message`). Within 24 hours of the
citizen's last direct message: a message to their IGSID. Otherwise, when they commented on the
city's posts in the last 7 days, a private reply to that comment (recipient `comment_id`; Meta
allows one per comment, within 7 days: developers.facebook.com/documentation/instagram-platform/
private-replies); the comment is claimed for this message, so a retry uses it again and the next
message does not. Otherwise the message fails for good, saying so to operators."""

from __future__ import annotations

from laksa.intake.facebook.outbound import post_message, recipient
from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import Outgoing, PermanentError, Sent

MAX_TEXT = 1000


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("an Instagram message needs its account")
    node = str(account.setting("page_id") or account.setting("ig_user_id") or "")
    if not node:
        raise PermanentError("the Instagram account has no ig_user_id")
    igsid = message.recipient.strip()
    if not igsid:
        raise PermanentError("no IGSID to send to")
    payload = {
        "recipient": recipient(account, igsid, message, "Instagram"),
        "message": {"text": message.body.strip()[:MAX_TEXT]},
    }
    return post_message(account, node, payload)
