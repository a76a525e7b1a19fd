"""What the outbox's tests share: a fake SMS gateway and a real SMTP server on 127.0.0.1, and
the city's accounts pointing at them (issue 12: never mocks of our own code)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from laksa.intake.models import ChannelAccount, Kind
from laksa.org.models import Jurisdiction
from tests.notify.fake_gateway import SECRET, FakeGateway, _free_port


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    fake = FakeGateway()
    yield fake
    fake.down()


@pytest.fixture
def sms_account(city: Jurisdiction, gateway: FakeGateway) -> ChannelAccount:
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMS_GATEWAY,
        name="sms-utama",
        settings={"send_url": gateway.url, "sender": "LAKSA"},
        secrets={"secret": SECRET},
    )


class Mailbox:
    """aiosmtpd's handler: keeps every message; refuses addresses that start with "tolak"."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("tolak"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Mailbox:
    return smtp_server[1]


@pytest.fixture
def smtp_account(city: Jurisdiction, smtp_server: tuple[Controller, Mailbox]) -> ChannelAccount:
    controller, _mailbox = smtp_server
    return ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMTP,
        name="surel-keluar",
        settings={
            "host": controller.hostname,
            "port": controller.port,
            "sender": "Laksa Kota Uji <laksa@kota-uji.go.id>",
        },
    )
