"""Sending through the WhatsApp Cloud API: POST {api_base}/{phone_number_id}/messages with the
access token. Free text is allowed within 24 hours of the citizen's last message; after that
Meta takes only an approved template, so the account's `template_name` (one body parameter:
the message's text) is sent instead, in `template_language` (default "id")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from laksa.intake.meta import api_base
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import Outgoing, PermanentError, Sent, post_json
from laksa.lib import clock

WINDOW = timedelta(hours=24)
MAX_TEXT = 4096


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("a WhatsApp message needs its account")
    phone_number_id = account.setting("phone_number_id")
    if not phone_number_id:
        raise PermanentError("the WhatsApp account has no phone_number_id")
    to = message.recipient.strip().lstrip("+")
    body = message.body[:MAX_TEXT]
    payload: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
    }
    template = account.setting("template_name")
    if template and not in_window(account, to):
        payload["type"] = "template"
        payload["template"] = {
            "name": template,
            "language": {"code": account.setting("template_language") or "id"},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": body}]}],
        }
    else:
        payload["type"] = "text"
        payload["text"] = {"preview_url": False, "body": body}
    return post_json(
        f"{api_base(account)}/{phone_number_id}/messages",
        payload,
        authorization=f"Bearer {account.secret('access_token')}",
        read_id=lambda answer: answer["messages"][0]["id"],
    )


def in_window(account: ChannelAccount, wa_id: str) -> bool:
    """The citizen wrote to the account within the last 24 hours."""
    last = (
        InboxMessage.objects.filter(account=account, sender__in=[wa_id, f"+{wa_id}"])
        .order_by("-received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    return last is not None and last >= clock.now() - WINDOW
