"""A mail's closing greeting and the few lines under it that are only a signature (a name, a
title, an organisation, a phone number, an e-mail address) are cut from a new report's
description, which the public reads, and kept for staff in the creation event's internal note.
A greeting that opens the mail, or one followed by anything else the reporter wrote (a location,
an NB, a sentence), stays; a follow-up mail is for staff only and nothing is cut from it
(test_it_threads_a_reply_by_its_code.py)."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake.email.inbound import split_reply, strip_reply
from laksa.intake.models import ChannelAccount
from laksa.reports.models import EventKind, Report
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


def test_it_gives_the_cut_closing_apart() -> None:
    body = (
        "Lampu jalan mati di Jl. Melati.\n\nSalam hormat,\nBudi Santoso, S.T.\nKetua RW\n"
        "PT Maju Jaya\nTelp. (021) 555-1234\nE-mail: budi@contoh.id\n"
    )
    assert split_reply(body) == (
        "Lampu jalan mati di Jl. Melati.",
        "Salam hormat,\nBudi Santoso, S.T.\nKetua RW\nPT Maju Jaya\nTelp. (021) 555-1234\n"
        "E-mail: budi@contoh.id",
    )
    assert split_reply("Lampu mati di Jl. Melati.") == ("Lampu mati di Jl. Melati.", "")
    signed = "Lampu mati.\n\nSalam,\nSiti Nur\u2019aini\nHP 081234567890"
    assert split_reply(signed) == ("Lampu mati.", "Salam,\nSiti Nur\u2019aini\nHP 081234567890")


@pytest.mark.parametrize(
    "body",
    [
        # What a review found cut (the location lost for the LIVE Room too):
        "Jalan berlubang besar.\n\nTerima kasih\n\nLokasi: Jl. Merdeka 5 RT 03/RW 05\n"
        "Kel. Sukasari, Kec. Tangerang",
        "Lampu PJU mati 3 tiang.\nTerima kasih.\nNB: tiang nomor 12, 13 dan 14 di depan SDN 5",
        "Saluran mampet.\n\nThanks,\nFoto terlampir. Lokasi -6.1751, 106.6251",
        # Lines that start as the reporter adding something, or carry more than a signature:
        "Lampu mati.\n\nSalam,\nBudi\nP.S. tiangnya juga miring",
        "Lampu mati.\n\nSalam,\nBudi\nPS: tiangnya juga miring",
        "Lampu mati.\n\nTerima kasih,\nCatatan: sudah dua minggu",
        "Lampu mati.\n\nTerima kasih,\nAlamat Jl Melati",
        "Lampu mati.\n\nTerima kasih,\n-6.1751 106.6251",
        "Lampu mati.\n\nTerima kasih,\nBudi\nJl. Merdeka 5",
        "Lampu mati.\n\nTerima kasih,\nMohon dicek segera",
        "Lampu mati.\n\nTerima kasih,\nFoto terlampir.",
        # A place without digits is no signature either:
        "Pohon tumbang.\n\nTerima kasih\nDi Jalan Sudirman",
        "Pohon tumbang.\n\nHormat saya,\nPerumahan Banjar Wijaya Blok B",
        "Pohon tumbang.\n\nSalam,\nGang Kelinci Belakang Masjid Al Ikhlas",
        "Pohon tumbang.\n\nTerima kasih\nJl. Merdeka",
    ],
)
def test_it_keeps_what_the_reporter_wrote_under_a_greeting(body: str) -> None:
    assert split_reply(body) == (body, "")


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


def test_a_new_reports_cut_signature_is_kept_for_staff_without_its_numbers(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post(**{"body-plain": SIGNED, "stripped-text": None})
    signed(fields, at=now.timestamp(), token="s" * 50)

    assert post_to_mailgun(citizen, fields, files).status_code == 200

    created = Report.objects.get().events.get(kind=EventKind.CREATED)
    assert created.internal_note.endswith(  # after the place's note: no point yet
        "Penutup surel, tidak dimasukkan ke uraian: "
        "Salam, / Budi Santoso / HP: [nomor disembunyikan] / [surel disembunyikan]"
    )  # internal notes reach field crews: no contact details in them
    assert "Budi" not in created.public_note


def test_a_location_under_the_greeting_stays_in_the_description(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    body = "Jalan berlubang besar.\n\nTerima kasih\n\nLokasi: Jl. Merdeka 5 RT 03/RW 05\n"
    fields, files = mailgun_post(**{"body-plain": body, "stripped-text": None})
    signed(fields, at=now.timestamp(), token="s" * 50)

    assert post_to_mailgun(citizen, fields, files).status_code == 200

    report = Report.objects.get()
    assert report.description.endswith(
        "Jalan berlubang besar.\n\nTerima kasih\n\nLokasi: Jl. Merdeka 5 RT 03/RW 05"
    )
    assert "Penutup surel" not in report.events.get(kind=EventKind.CREATED).internal_note
