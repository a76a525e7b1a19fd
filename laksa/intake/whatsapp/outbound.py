"""Sending through the WhatsApp Cloud API: POST {api_base}/{phone_number_id}/messages with the
access token. Free text is allowed within 24 hours of the citizen's last message; after that
Meta takes only an approved template, so the account's `template_name` (one body parameter:
the message's text, on one line) is sent instead, in `template_language` (default "id"); an
account without one fails the message for good, saying why, without asking Meta."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext

from laksa.intake.meta import api_base
from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.outbound import Outgoing, PermanentError, Sent, post_json
from laksa.intake.whatsapp.inbound import written_at
from laksa.lib import clock

WINDOW = timedelta(hours=24)
MAX_TEXT = 4096
MAX_PARAMETER = 1024
"""Meta refuses a template parameter longer than this, or with a newline, a tab or more than
four spaces in a row (error 132018)."""


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
    if not in_window(account, to):
        if not template:  # Meta would refuse free text (error 131047): say so without asking
            raise PermanentError(no_template())
        payload["type"] = "template"
        payload["template"] = {
            "name": template,
            "language": {"code": account.setting("template_language") or "id"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": parameter(body)}]}
            ],
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


def no_template() -> str:
    return gettext(
        "Tidak terkirim: warga tidak menulis ke akun WhatsApp ini dalam 24 jam terakhir. Setelah "
        "24 jam Meta hanya menerima templat pesan yang disetujui, dan akun ini belum punya "
        "templat (template_name). Tambahkan templat pada akun, atau hubungi warga lewat kanal lain."
    )


def parameter(text: str) -> str:
    """The text as a template parameter Meta takes: on one line with single spaces, at most
    MAX_PARAMETER characters, cut after a whole word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= MAX_PARAMETER:
        return text
    cut = text[: MAX_PARAMETER - 1]
    if text[MAX_PARAMETER - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def in_window(account: ChannelAccount, wa_id: str) -> bool:
    """The citizen wrote to the account within the last 24 hours: counted from when they wrote
    (the message's timestamp), not from when Meta delivered it, which may be days later."""
    since = clock.now() - WINDOW
    # A message written in the window was received in it too (written_at <= received_at).
    rows = InboxMessage.objects.filter(
        account=account, sender__in=[wa_id, f"+{wa_id}"], received_at__gte=since
    ).values_list("payload", "received_at")
    return any(written_at(payload, received) >= since for payload, received in rows)
