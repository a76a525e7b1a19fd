"""A WhatsApp citizen sends what, then a photo, then a pin; the LIVE Room's report page shows the
report with the pieces it was gathered from, at 1920x1080 and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.conversations import Piece, take
from laksa.intake.models import ChannelAccount, Kind
from laksa.reports.models import Channel
from tests.browser.conftest import log_in, shot
from tests.conftest import IN_WEST
from tests.images import processed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_live_room_shows_a_conversations_pieces(
    live_server: Any, browser: Any, phone: Any, operator: Any, city: Any, west: Any, agency_a: Any
) -> None:
    Category.objects.create(
        jurisdiction=city,
        code="LAIN",
        group="Lainnya",
        name_id="Lainnya",
        name_en="Other",
        agency=agency_a,
        catch_all=True,
    )
    account = ChannelAccount.objects.create(jurisdiction=city, kind=Kind.WHATSAPP, name="wa")
    wa_id = "6281234567890"
    take(account, Piece(handle=wa_id, phone=wa_id, message_id="w1", text="Sampah menumpuk"))
    take(account, Piece(handle=wa_id, phone=wa_id, message_id="w2", photos=(processed(),)))
    report = take(account, Piece(handle=wa_id, phone=wa_id, message_id="w3", point=IN_WEST)).report
    assert report is not None and report.channel == Channel.WHATSAPP

    desk = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/console/r/{report.code}/")
    transcript = page.locator("details.conversation")
    assert "Dirangkai dari 3 pesan WhatsApp" in transcript.locator("summary").inner_text()
    items = transcript.locator("li").all_inner_texts()
    assert [item.split(" ", 1)[1].split(" ·")[0] for item in items] == [
        "teks",
        "foto",
        "titik lokasi",
    ]
    assert "laporan dibuat" in items[-1]
    assert page.locator(".photos-full img").count() == 1
    shot(page, "conversation-report-1920")
    desk.close()

    mobile = phone()
    log_in(mobile, live_server.url, "operator")
    mobile.goto(f"{live_server.url}/console/r/{report.code}/")
    assert mobile.locator("details.conversation li").count() == 3
    shot(mobile, "conversation-report-phone")
    assert mobile.evaluate("() => document.documentElement.scrollWidth") <= 390
