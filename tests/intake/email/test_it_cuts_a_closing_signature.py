"""A mail's closing greeting and the few short lines under it (name, phone, address) are cut
off: the text becomes a public description. A greeting that opens the mail, or one followed by
more writing, stays."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake.email.inbound import strip_reply
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.email.conftest import MORNING, mailgun_post, post_to_mailgun, signed

SIGNED = (
    "Lampu jalan mati di Jl. Melati.\n\nSalam,\nBudi Santoso\nHP: 0812-3456-7890\nbudi@contoh.id\n"
)


@pytest.mark.parametrize(
    "closing",
    [
        "Salam,",
        "Salam hormat,",
        "Hormat saya,",
        "Hormat kami",
        "Terima kasih.",
        "Terimakasih atas perhatiannya,",
        "Wassalamu'alaikum wr. wb.",
        "Regards,",
        "Best regards,",
        "Thanks!",
    ],
)
def test_it_cuts_a_closing_greeting_and_the_signature_under_it(closing: str) -> None:
    body = f"Lampu jalan mati di Jl. Melati.\n\n{closing}\nBudi Santoso\nHP: 0812-3456-7890\nbudi@contoh.id\n"
    assert strip_reply(body) == "Lampu jalan mati di Jl. Melati."


def test_it_cuts_a_thank_you_above_the_greeting_and_a_phone_footer_below() -> None:
    body = (
        "Salam,\nLampu jalan mati di Jl. Melati.\n\nTerima kasih atas perhatiannya,\n\n"
        "Hormat saya,\nBudi\n\nSent from my iPhone"
    )
    assert strip_reply(body) == "Salam,\nLampu jalan mati di Jl. Melati."


def test_it_keeps_a_greeting_with_nothing_above_it() -> None:
    assert strip_reply("Salam,\nLampu mati di Jl. Melati") == "Salam,\nLampu mati di Jl. Melati"


def test_it_keeps_a_thank_you_that_goes_on_in_the_same_line() -> None:
    body = "Lampu mati.\nTerima kasih, lampu sudah menyala sebagian.\nBudi"
    assert strip_reply(body) == body


def test_it_keeps_a_greeting_followed_by_more_writing() -> None:
    more = "\n".join(f"Tiang nomor {n} juga mati sejak minggu lalu." for n in range(1, 7))
    body = f"Lampu mati.\n\nTerima kasih.\n{more}"
    assert strip_reply(body) == body
    long_line = "Terima kasih.\n" + "Mohon segera diperbaiki karena " * 4
    assert strip_reply(f"Lampu mati.\n{long_line}") == f"Lampu mati.\n{long_line}".strip()


def test_a_signed_mail_makes_a_description_without_the_signature(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post(**{"body-plain": SIGNED, "stripped-text": None})
    signed(fields, at=now.timestamp(), token="s" * 50)

    assert post_to_mailgun(citizen, fields, files).status_code == 200

    description = Report.objects.get().description
    assert description.endswith("Lampu jalan mati di Jl. Melati.")
    assert "0812" not in description and "budi@" not in description and "Salam" not in description
