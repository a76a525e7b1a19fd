"""The X Activity API's `dm.received` carries the same DM event as Account Activity: it is a piece
like any DM, and the citizen is asked where."""

from typing import Any

from laksa.intake.models import ChannelAccount, Conversation, InboxMessage
from tests.intake.x.conftest import CITIZEN, as_json, drain, payload, post


def test_it_takes_the_dm_and_asks_where(
    account: ChannelAccount, replies: list[dict[str, Any]]
) -> None:
    response = post(payload("activity_dm_received.json"))
    assert as_json(response) == {"accepted": 1, "ignored": 0}
    drain()
    row = InboxMessage.objects.get()
    assert (row.message_id, row.sender, row.outcome) == ("1865000000000000301", CITIZEN, "asked")
    conversation = Conversation.objects.get()
    assert conversation.text == "Sampah menumpuk di pinggir jalan, bau sekali"
    assert conversation.name == "Siti Rahma"
    assert [(r["to"], r["key"]) for r in replies] == [(CITIZEN, "ask_where")]
