"""An address the mail server refuses is kept on the outbox row only as the server's code and
words, the address masked: the error text is shown to staff, who see addresses masked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.outbound import PermanentError, TemporaryError, sender_for
from tests.notify.fake_gateway import _free_port

pytestmark = pytest.mark.django_db


@dataclass
class Outgoing:
    recipient: str
    body: str = "Laporan UJI-2612-00001 diterima."
    subject: str = "Laporan UJI-2612-00001"
    send_key: uuid.UUID = field(default_factory=uuid.uuid4)


class Refusing:
    """Refuses every address, naming it as Postfix does; "sibuk" addresses only for now."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("sibuk"):
            return f"450 4.2.0 <{address}>: Recipient address rejected: try later"
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


@pytest.fixture
def account(city: Any) -> Iterator[ChannelAccount]:
    controller = Controller(Refusing(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMTP,
        name="surel-keluar",
        settings={"host": controller.hostname, "port": controller.port, "sender": "l@uji.go.id"},
    )
    controller.stop()


def test_it_keeps_the_servers_words_and_masks_the_address(account: ChannelAccount) -> None:
    with pytest.raises(PermanentError) as refused:
        sender_for("smtp")(Outgoing("tolak.siti.rahasia@contoh.id"), account)
    assert str(refused.value) == (
        "recipient refused: SMTP 550: 5.1.1 <to***@contoh.id>: Recipient address rejected: "
        "User unknown"
    )


def test_it_tries_a_refusal_for_now_again_without_the_address(account: ChannelAccount) -> None:
    with pytest.raises(TemporaryError) as later:
        sender_for("smtp")(Outgoing("sibuk.budi@contoh.id"), account)
    assert "SMTP 450" in str(later.value) and "sibuk.budi" not in str(later.value)
