"""Every later message about a WhatsApp report goes to the citizen's handle, through the account
the report came by, even when the city has an SMS gateway too."""

from laksa.intake.conversations import Piece, take
from laksa.intake.models import ChannelAccount, Kind
from laksa.notify.enqueue import queue_message
from laksa.notify.models import Message, TemplateKey
from tests.conftest import IN_WEST
from tests.intake.whatsapp.conftest import WA_ID


def test_it_routes_the_news_to_the_handle(account: ChannelAccount) -> None:
    ChannelAccount.objects.create(
        jurisdiction=account.jurisdiction, kind=Kind.SMS_GATEWAY, name="sms"
    )
    piece = Piece(handle=WA_ID, message_id="wamid.1", text="Sampah menumpuk", point=IN_WEST)
    report = take(account, piece).report
    assert report is not None
    news = queue_message(report, TemplateKey.REJECTED)
    assert news is not None
    for message in Message.objects.filter(report=report):
        assert (message.channel, message.account, message.recipient) == ("whatsapp", account, WA_ID)
    assert Message.objects.filter(report=report, template_key=TemplateKey.ACKNOWLEDGED).count() == 1
