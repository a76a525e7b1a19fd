"""The public-text filter (reports/public_text.py): phone numbers and e-mail addresses a citizen
typed are masked, however they were written; report codes, dates, times, amounts, street and
RT/RW numbers, coordinates, pole, meter, account and ticket numbers and a link's digits are not."""

from __future__ import annotations

import pytest

from laksa.reports.public_text import for_public, note_for_public

NUMBER, EMAIL = "[nomor disembunyikan]", "[surel disembunyikan]"


@pytest.mark.parametrize(
    "written",
    [
        "0813-7777-1234",
        "081377771234",
        "0813 7777 1234",
        "0813.7777.1234",
        "0813 - 7777 - 1234",
        "+62 813-7777-1234",
        "+6281377771234",
        "+62 813 7777 1234",
        "62813-7777-1234",
        "6281377771234",
        "62 813 7777 1234",
        "0062 813 7777 1234",
        "813-7777-1234",
        "(021) 555-1234",
        "(021)5551234",
        "021-5551234",
        "0274 512345",
        "+65 9123 4567",
        "0812\u20133456\u20137890",  # en dash, as mail clients and autocorrect write it
        "0812 \u2014 3456 \u2014 7890",  # em dash
        "08 12 34 56 78 90",
        "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",  # Arabic-Indic
        "\uff10\uff18\uff11\uff12\uff0d\uff13\uff14\uff15\uff16\uff0d\uff17\uff18\uff19\uff10",
        "812345678",  # nine digits: the shortest mobile without its 0
        "(+62) 812 3456 7890",
        "(+62 812 3456 7890)",
    ],
)
def test_it_masks_a_phone_number_however_it_is_written(written: str) -> None:
    assert for_public(f"Hubungi saya di {written} ya.") == f"Hubungi saya di {NUMBER} ya."


def test_it_masks_numbers_glued_to_their_label_and_in_a_link() -> None:
    assert for_public("telp.0812.3456.7890, HP:081234567890, WA-0812-3456-7890") == (
        f"telp.{NUMBER}, HP:{NUMBER}, WA-{NUMBER}"
    )
    assert for_public("wa.me/6281234567890") == f"wa.me/{NUMBER}"


def test_it_masks_the_number_in_a_whatsapp_link_and_an_address_in_any_link() -> None:
    assert for_public("https://wa.me/6281234567890") == f"https://wa.me/{NUMBER}"
    assert for_public("https://api.whatsapp.com/send?phone=6281234567890&text=halo") == (
        f"https://api.whatsapp.com/send?phone={NUMBER}&text=halo"
    )
    assert for_public("https://x.id/lapor?surel=budi@contoh.id") == (
        f"https://x.id/lapor?surel={EMAIL}"
    )


def test_it_masks_a_number_after_a_label_when_the_label_names_a_phone() -> None:
    assert for_public("No. HP 0812 3456 7890") == f"No. HP {NUMBER}"
    assert for_public("rekening hilang, hubungi 0812 3456 7890") == (
        f"rekening hilang, hubungi {NUMBER}"
    )
    assert for_public("tiket WA 081234567890") == f"tiket WA {NUMBER}"


def test_it_masks_a_number_that_follows_other_digits() -> None:
    assert for_public("Sejak 02-08-2026 0812 3456 7890 tidak diangkat") == (
        f"Sejak 02-08-2026 {NUMBER} tidak diangkat"
    )
    assert for_public("Hubungi 0812 3456 7890 2 kali") == f"Hubungi {NUMBER} 2 kali"


@pytest.mark.parametrize(
    "written",
    ["budi.rahasia@contoh.id", "Budi.Santoso+lapor@mail.contoh.co.id", "0812345678@gmail.com"],
)
def test_it_masks_an_email_address(written: str) -> None:
    assert for_public(f"Surel: {written}.") == f"Surel: {EMAIL}."


def test_it_masks_everything_in_the_audits_description() -> None:
    text = "Lubang dalam. Hubungi saya Budi 0813-7777-1234 / budi.rahasia@contoh.id"
    assert for_public(text) == f"Lubang dalam. Hubungi saya Budi {NUMBER} / {EMAIL}"


@pytest.mark.parametrize(
    "text",
    [
        "Sama dengan laporan TNG-2612-00001 dan UJI-0812-00001",
        "Sejak 02-08-2026, 2026-12-01 09:00, 12/08/2026 10:45, 01.12.2026",
        "jam 08.30, 08.00 - 16.00 WIB, pukul 0800-1000",
        "Jl. Melati No. 12 RT 003/RW 005, RT.03 RW.05, Blok C2 No. 15-17, kode pos 15111",
        "Titik -6.1751234, 106.6251234; 106.62512345678; 0.81234567890",
        "Kerugian Rp 2.500.000 atau Rp 250.000.000",
        "Lampu mati 3 malam, tiang nomor 62 dan 0812",
        "@budi_santoso di X",
        # amounts in dotted thousands
        "proyek senilai Rp 850.000.000",
        "anggaran 825.000.000 rupiah",
        "Rp 62.812.345.678",
        # fewer than 9 digits for a mobile without its 0: a pole number
        "Tiang PJU nomor 8123 4567",
        "nomor tiang 81234567",
        # PLN meter and customer numbers: 86… is no mobile prefix
        "meteran PLN 86012345678",
        "ID pelanggan 512345678901",
        "ID pelanggan 86012345678",
        # a number after a word naming another kind of number
        "No. SPT 812345678",
        "rekening BCA 8123456789",
        "tiket #881234567",
        "kode booking 8812345678",
        "tiang PJU nomor 812345678",
        # digits in a link's path
        "http://x.id/r/62812345678",
        "lihat https://lapor.contoh.id/r/081234567890/ dan www.contoh.id/foto/6281234567890.jpg",
        "pukul 08.00\u201316.00, jam 0800\u20131000",
    ],
)
def test_it_keeps_codes_dates_times_and_numbers_that_are_no_phone(text: str) -> None:
    assert for_public(text) == text


def test_it_gives_back_the_very_string_when_nothing_is_masked() -> None:
    text = "Lubang di Jl. Melati No. 12, sejak 02-08-2026"
    assert for_public(text) is text
    assert for_public("") == ""


@pytest.mark.parametrize(
    "text",
    [
        # a run that starts as a mobile is a phone, whatever word comes before it
        "Pelanggan Budi Santoso 0812-3456-7890, air mati 3 hari",
        "Tiket saya hilang 081234567890",
        "tiang: 0812-3456-7890",
        "No. rekening: 0812345678",
        "Resi JNE saya +62 812 3456 7890",
        # Telegram's link by phone number, as WhatsApp's
        "https://t.me/+6281234567890",
    ],
)
def test_no_label_keeps_a_mobile_number(text: str) -> None:
    assert "[nomor disembunyikan]" in for_public(text)


def test_a_staff_note_keeps_the_citys_own_contacts_and_loses_a_citizens() -> None:
    """A reply giving the hotline is meant for the public; a crew's note naming the reporter's
    phone is not. A note nobody on staff wrote loses both."""
    hotline = "Hubungi UPT PJU 021-5587-1234 atau pengaduan@tangerangkota.go.id"
    assert note_for_public(hotline, actor_id=7) == hotline
    crew = note_for_public("Sudah telepon Bu Sri 0812-3456-7890, sri@gmail.com", actor_id=7)
    assert crew == "Sudah telepon Bu Sri [nomor disembunyikan], [surel disembunyikan]"
    assert note_for_public(hotline, actor_id=None) == (
        "Hubungi UPT PJU [nomor disembunyikan] atau [surel disembunyikan]"
    )
