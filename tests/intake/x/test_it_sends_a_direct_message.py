"""notify's sender for X: a DM to the citizen's user id, with X's answers sorted into retry later
(429, 5xx, no connection) and give up (other 4xx, a missing token or id)."""

import pytest

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import PermanentError, TemporaryError
from laksa.intake.x.outbound import send
from tests.intake.x.conftest import CITIZEN, Outgoing
from tests.intake.x.fake_x import FakeX


def test_it_sends_the_text_to_the_user_id(x_account: ChannelAccount, fake_x: FakeX) -> None:
    sent = send(Outgoing(CITIZEN, "Laporan diterima"), x_account)
    assert fake_x.sent == [{"to": CITIZEN, "text": "Laporan diterima"}]
    assert (sent.provider_message_id, sent.http_status) == ("91", 201)


def test_it_retries_later_when_x_is_busy(x_account: ChannelAccount, fake_x: FakeX) -> None:
    for status in (429, 503):
        fake_x.send_status = status
        with pytest.raises(TemporaryError):
            send(Outgoing(CITIZEN, "halo"), x_account)


def test_it_gives_up_when_x_refuses(x_account: ChannelAccount, fake_x: FakeX) -> None:
    fake_x.send_status = 403  # the citizen does not take DMs from the city
    with pytest.raises(PermanentError):
        send(Outgoing(CITIZEN, "halo"), x_account)
    x_account.secrets = {"consumer_secret": "x"}
    with pytest.raises(PermanentError):
        send(Outgoing(CITIZEN, "halo"), x_account)
    assert fake_x.sent == []


def test_it_refuses_what_is_not_a_user_id(x_account: ChannelAccount) -> None:
    with pytest.raises(PermanentError):
        send(Outgoing("@sitirahma_tgr", "halo"), x_account)


def test_it_retries_when_x_cannot_be_reached(account: ChannelAccount) -> None:
    with pytest.raises(TemporaryError):
        send(Outgoing(CITIZEN, "halo"), account)  # api_base is a closed port
