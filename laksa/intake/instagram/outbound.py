"""Instagram out, through the Send API: POST {api_base}/{page_id or ig_user_id}/messages with the
access token as a Bearer header (facebook/outbound.py `post_message`); api_base is by default
the Graph API's for an account with a Page, Instagram's own (INSTAGRAM_API) for one connected
with Instagram Login. Within 24 hours of the citizen's last direct message: a message to their
IGSID. Otherwise, when they commented on the city's posts in the last 7 days, a private reply to
that comment (recipient `comment_id`; Meta allows one per comment, within 7 days:
developers.facebook.com/documentation/instagram-platform/private-replies); the comment is
claimed for this message, so a retry uses it again and the next message does not. Otherwise
the message fails for good, saying so to operators."""

from __future__ import annotations

from laksa.intake.facebook.outbound import post_message, recipient
from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import Outgoing, PermanentError, Sent

MAX_TEXT = 1000
INSTAGRAM_API = "https://graph.instagram.com/v21.0"
"""The Send API of an account connected with Instagram Login (an `ig_user_id`, no `page_id`)."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("an Instagram message needs its account")
    page = str(account.setting("page_id") or "")
    node = page or str(account.setting("ig_user_id") or "")
    if not node:
        raise PermanentError("the Instagram account has no ig_user_id")
    igsid = message.recipient.strip()
    if not igsid:
        raise PermanentError("no IGSID to send to")
    payload = {
        "recipient": recipient(account, igsid, message, "Instagram"),
        "message": {"text": message.body.strip()[:MAX_TEXT]},
    }
    # With Instagram Login (no Page) the Send API is Instagram's own host, not the Graph API's.
    base = "" if page or account.setting("api_base") else INSTAGRAM_API
    return post_message(account, node, payload, base)
