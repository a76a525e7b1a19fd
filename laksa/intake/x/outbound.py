"""Sending through X: every answer is a direct message, `POST {api_base}/2/dm_conversations/with/
{participant_id}/messages` `{"text"}` as the city's account (auth.py). A report that came as a
public mention is answered by DM too: a public reply would show the citizen's private link and
tie them to the report. X takes no idempotency key: a send whose answer was lost may arrive twice."""

from __future__ import annotations

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import Outgoing, PermanentError, Sent, post_json
from laksa.intake.x.auth import api_base, authorization

MAX_TEXT = 10_000
"""X's limit on a direct message's text."""


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is None:
        raise PermanentError("an X message needs its account")
    if not account.secret("access_token"):
        raise PermanentError("the X account has no access_token")
    participant = message.recipient.strip()
    if not participant.isdigit():
        raise PermanentError(f"not an X user id: {participant!r}")
    url = f"{api_base(account)}/2/dm_conversations/with/{participant}/messages"
    return post_json(
        url,
        {"text": message.body[:MAX_TEXT]},
        authorization=authorization(account, "POST", url),
        read_id=lambda answer: answer["data"]["dm_event_id"],
    )
