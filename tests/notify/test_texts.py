"""Every default SMS fits one 160-character GSM-7 message with a long code, a long site address
and a long agency name, in both languages; a city's own template replaces the default."""

from __future__ import annotations

import pytest

from laksa.lib.gsm7 import gsm7_length
from laksa.notify.models import MessageChannel, MessageTemplate, TemplateKey
from laksa.notify.texts import CHAT_ONLY, DEFAULTS, fill, render

BASE = "https://lapor.tangerangkota.go.id"
CODE = "TNG-2612-123456"
SECRET = "x" * 32  # token_urlsafe(24), as every report's secret
LONG_ISH = {
    "code": CODE,
    "link": f"{BASE}/r/{CODE}/{SECRET}/",
    "track": f"{BASE}/r/{CODE}/",
    "city": "Kota Tangerang",
    "agency": "Dinas Perhubungan",
    "reason": "Bukan keluhan.",
    "where": "PLN UP3 Cikokol",
    "text": "Petugas datang besok pagi.",
    "into": "TNG-2612-123455",
    "into_track": f"{BASE}/r/TNG-2612-123455/",
    "site": f"{BASE}/",
    "status_label": "Dikerjakan",
    "problems": "Lokasi tidak dikenali.",
}


def names_code(key: str) -> bool:
    return "{code}" in str(DEFAULTS[key][MessageChannel.SMS][1])


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("key", list(TemplateKey))
def test_it_fits_every_default_sms_in_one_message(key, language, city):
    text = render(key, MessageChannel.SMS, language, LONG_ISH, jurisdiction_id=city.pk)
    length = gsm7_length(text.body)
    assert length is not None, f"{key}/{language} needs UCS-2: {text.body!r}"
    assert length <= 160, f"{key}/{language} is {length} characters: {text.body!r}"
    assert CODE in text.body or not names_code(key)


@pytest.mark.parametrize("key", list(TemplateKey))
def test_it_speaks_english_to_an_english_reporter(key, city):
    channel = MessageChannel.SMS if key in CHAT_ONLY else MessageChannel.EMAIL
    indonesian = render(key, channel, "id", LONG_ISH, jurisdiction_id=city.pk)
    english = render(key, channel, "en", LONG_ISH, jurisdiction_id=city.pk)
    assert english.body != indonesian.body
    assert english.subject != indonesian.subject or key in CHAT_ONLY
    assert CODE in english.subject or not names_code(key)


def test_it_has_a_text_for_every_key_and_channel(db):
    """SMS and e-mail have their own wording; a chat (WhatsApp, Telegram) reads the SMS one;
    a chat conversation's own questions have only that one."""
    assert set(DEFAULTS) == set(TemplateKey)
    for key, texts in DEFAULTS.items():
        expected = {MessageChannel.SMS} if key in CHAT_ONLY else {"sms", "email"}
        assert set(texts) == expected, key
    with_code = {**LONG_ISH}
    for chat in (MessageChannel.WHATSAPP, MessageChannel.TELEGRAM):
        assert render("ack", chat, "id", with_code, jurisdiction_id=0) == render(
            "ack", MessageChannel.SMS, "id", with_code, jurisdiction_id=0
        )


def test_it_uses_the_citys_own_wording(city):
    MessageTemplate.objects.create(
        jurisdiction=city,
        key=TemplateKey.ACKNOWLEDGED,
        channel=MessageChannel.SMS,
        language="id",
        body="Aduan {code} sudah masuk. {link} {unknown}",
    )
    text = render("ack", "sms", "id", LONG_ISH, jurisdiction_id=city.pk)
    assert text.body == f"Aduan {CODE} sudah masuk. {LONG_ISH['link']} {{unknown}}"


def test_it_cuts_a_long_reply_so_an_sms_stays_within_three_parts(city):
    values = {**LONG_ISH, "text": "panjang " * 200}
    text = render("reply", "sms", "id", values, jurisdiction_id=city.pk)
    assert len(text.body) <= 480
    assert text.body.endswith("...")


def test_it_fills_nothing_but_the_named_values():
    assert fill("{code} {code.__class__} {0}", {"code": "A"}) == "A {code.__class__} {0}"


def test_it_counts_gsm_extension_characters_twice_and_refuses_emoji():
    assert gsm7_length("abc") == 3
    assert gsm7_length("[x]") == 5
    assert gsm7_length("terima kasih 🙏") is None
