from typing import Any

from laksa.intake.models import ChannelAccount, Conversation, InboxMessage
from laksa.notify.models import Message
from laksa.reports.models import Report
from tests.intake.whatsapp.conftest import WA_ID, drain, payload, post


def test_it_asks_for_the_place_in_indonesian(account: ChannelAccount, replies: Any) -> None:
    post(payload("text.json"))
    drain()
    assert InboxMessage.objects.get().outcome == "asked"
    assert Report.objects.count() == 0
    conversation = Conversation.objects.get()
    assert conversation.name == "Siti Rahma"
    assert [r["key"] for r in replies] == ["ask_where"]
    message = Message.objects.get()
    assert message.channel == "whatsapp"
    assert message.account == account
    assert message.recipient == WA_ID
    assert message.body.startswith("Di mana lokasinya?")
