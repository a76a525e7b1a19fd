import base64
import hashlib
import hmac

from laksa.intake.models import ChannelAccount, InboxMessage
from laksa.intake.x.inbound import sign
from tests.intake.x.conftest import CONSUMER_SECRET, payload, post


def test_it_refuses_a_missing_signature(account: ChannelAccount) -> None:
    assert post(payload("dm_text.json"), secret=None).status_code == 401
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_wrong_signature(account: ChannelAccount) -> None:
    assert post(payload("dm_text.json"), secret="bukan-rahasianya").status_code == 403
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_signature_of_another_body(account: ChannelAccount) -> None:
    forged = sign(CONSUMER_SECRET, payload("dm_photo.json"))
    assert post(payload("dm_text.json"), signature=forged).status_code == 403
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_hex_digest(account: ChannelAccount) -> None:
    """X signs in base64; the right HMAC written in hex (as Meta does) is not X's signature."""
    body = payload("dm_text.json")
    hexed = hmac.new(CONSUMER_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert post(body, signature=f"sha256={hexed}").status_code == 403
    right = base64.b64encode(hmac.new(CONSUMER_SECRET.encode(), body, hashlib.sha256).digest())
    assert post(body, signature="sha256=" + right.decode()).status_code == 200
    assert InboxMessage.objects.count() == 1
