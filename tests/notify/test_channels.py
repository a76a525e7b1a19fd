"""The other providers: e-mail to a real SMTP server (aiosmtpd), Kannel's sendsms, and a Gammu
SMSD database."""

from __future__ import annotations

import email
import sqlite3
from email import policy

from laksa.intake.email.outbound import message_id
from laksa.intake.models import ChannelAccount, Kind
from laksa.notify.models import Message, MessageStatus
from laksa.notify.outbox import drain
from laksa.reports import actions
from tests.notify.fake_gateway import SECRET

EMAIL = actions.ContactInput(email="warga@contoh.id")


def test_it_mails_through_the_citys_smtp_account(make_report, smtp_account, mailbox, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=EMAIL)
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.SENT
    (envelope,) = mailbox.received
    assert envelope.rcpt_tos == ["warga@contoh.id"]
    mail = email.message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == message.subject
    assert mail["Message-ID"] == message_id(message)
    assert str(message.send_key) in mail["Message-ID"]
    assert mail["From"] == "Laksa Kota Uji <laksa@kota-uji.go.id>"
    assert report.secret in mail.get_content()


def test_it_mails_through_djangos_settings_without_an_account(
    make_report, smtp_server, mailbox, clock, settings
):
    controller, _ = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    clock.at("2026-12-01T09:00")
    report = make_report(contact=EMAIL)
    drain()
    assert Message.objects.get(report=report).status == MessageStatus.SENT
    assert len(mailbox.received) == 1


def test_it_stops_at_an_address_the_server_refuses(make_report, smtp_account, mailbox, clock):
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(email="tolak@contoh.id"))
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.FAILED
    assert "550" in message.last_error
    assert mailbox.received == []


def test_it_retries_when_the_mail_server_is_down(make_report, city, clock):
    from tests.notify.fake_gateway import _free_port

    ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.SMTP,
        name="surel-mati",
        settings={"host": "127.0.0.1", "port": _free_port()},  # nobody listens there
    )
    clock.at("2026-12-01T09:00")
    report = make_report(contact=EMAIL)
    drain()
    message = Message.objects.get(report=report)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "ConnectionRefused" in message.last_error


def test_it_sends_through_kannels_sendsms(make_report, city, gateway, clock):
    ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.KANNEL,
        name="kannel",
        settings={"send_url": gateway.kannel_url, "username": "laksa", "sender": "1708"},
        secrets={"password": SECRET},
    )
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(phone="081234567293"))
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.SENT
    (query,) = gateway.state.kannel
    assert query["to"] == "+6281234567293"
    assert query["text"] == message.body
    assert (query["username"], query["from"], query["charset"]) == ("laksa", "1708", "UTF-8")


def test_it_keeps_a_kannel_403_as_a_permanent_failure(make_report, city, gateway, clock):
    ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.KANNEL,
        name="kannel",
        settings={"send_url": gateway.kannel_url, "username": "laksa"},
        secrets={"password": "salah"},
    )
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(phone="081234567293"))
    drain()
    message = Message.objects.get(report=report)
    assert message.status == MessageStatus.FAILED
    assert "403" in message.last_error


GAMMU_TABLES = """
CREATE TABLE outbox (ID INTEGER PRIMARY KEY AUTOINCREMENT, DestinationNumber TEXT NOT NULL,
  TextDecoded TEXT NOT NULL DEFAULT '', CreatorID TEXT NOT NULL, Coding TEXT NOT NULL
  DEFAULT 'Default_No_Compression', MultiPart TEXT DEFAULT 'false', UDH TEXT, SenderID TEXT);
CREATE TABLE outbox_multipart (ID INTEGER, SequencePosition INTEGER, TextDecoded TEXT,
  Coding TEXT, UDH TEXT, PRIMARY KEY (ID, SequencePosition));
CREATE TABLE sentitems (ID INTEGER, SequencePosition INTEGER, CreatorID TEXT NOT NULL,
  DestinationNumber TEXT, TextDecoded TEXT, Status TEXT);
"""


def test_it_writes_gammus_outbox_once(make_report, city, clock, tmp_path, operator):
    path = tmp_path / "smsd.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(GAMMU_TABLES)
    ChannelAccount.objects.create(
        jurisdiction=city,
        kind=Kind.GAMMU,
        name="modem",
        settings={"database_url": f"sqlite:///{path}"},
    )
    clock.at("2026-12-01T09:00")
    report = make_report(contact=actions.ContactInput(phone="081234567293"))
    actions.reply_to_citizen(report, by=operator, text="Kami cek besok. " * 20)
    drain()
    ack, reply = Message.objects.filter(report=report).order_by("id")
    assert ack.status == reply.status == MessageStatus.SENT
    # the worker died before recording: the same message is sent again, and not written twice
    Message.objects.filter(pk=ack.pk).update(status=MessageStatus.QUEUED)
    drain()
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT CreatorID, DestinationNumber, TextDecoded, MultiPart FROM outbox ORDER BY ID"
        ).fetchall()
        parts = db.execute("SELECT TextDecoded FROM outbox_multipart ORDER BY 1").fetchall()
    by_creator = {r[0]: r[1:] for r in rows}
    assert len(rows) == 2
    assert by_creator[f"laksa:{ack.send_key}"] == ("+6281234567293", ack.body, "false")
    first_part, multipart = by_creator[f"laksa:{reply.send_key}"][1:]
    assert multipart == "true"
    assert first_part + "".join(p[0] for p in parts) == reply.body
