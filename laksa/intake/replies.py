"""Answers to a sender that are not about a report's progress (an SMS `INFO`, a `STATUS` of a
report, a message that could not be read). intake/ does not send: it asks, with `reply_wanted`,
and notify/ (which sends every message, after commit, with retries) queues the answer in the
same transaction. So intake stays below notify, as DESIGN.md §3 orders them."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from laksa.intake.models import ChannelAccount

reply_wanted = Signal()
"""Sent inside the receiving transaction with `account`, `to`, `key` (the text's template key),
`values` (what the template fills in) and `report` (or None)."""

KEYS = (
    "info",
    "status",
    "not_understood",
    "guestbook_thanks",
    "welcome",
    "ask_what",
    "ask_where",
    "ask_photo",
    "slow_down",
)
"""The template keys intake asks for; notify/ holds their texts in both languages. A chat
conversation's asks carry `values["language"]`: "id" or "en"."""

receipt_received = Signal()
"""A provider's delivery receipt for a message notify sent, with `account`,
`provider_message_id`, `status` (sent, delivered, read, failed), `at` and `error`: notify records
it on the outbox row; intake never imports notify."""


def ask_reply(
    account: ChannelAccount,
    *,
    to: str,
    key: str,
    values: dict[str, str] | None = None,
    report: Any = None,
) -> None:
    assert key in KEYS, key
    reply_wanted.send(
        sender=ChannelAccount, account=account, to=to, key=key, values=values or {}, report=report
    )
