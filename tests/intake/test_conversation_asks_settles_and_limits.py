"""A chat conversation asks for a photo when the category wants one (once, and never for an
emergency), becomes a report when the citizen goes quiet, and does not act on a burst."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.conversations import BURST, SETTLE, settle, take
from laksa.intake.models import ChannelAccount, Conversation, ConversationPiece, ConversationState
from laksa.notify.models import Message
from laksa.org.models import Agency
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.images import processed
from tests.intake.test_conversations import account, asked, piece  # noqa: F401

ROAD = "Jalan berlubang"


@pytest.fixture
def road(account: ChannelAccount, agency_a: Agency) -> Category:  # noqa: F811
    return Category.objects.create(
        jurisdiction=account.jurisdiction,
        code="JLN",
        group="Infrastruktur",
        name_id="Jalan rusak",
        name_en="Damaged road",
        agency=agency_a,
        keywords="berlubang, lubang",
        photo_wanted=True,
    )


def test_it_asks_for_a_photo_when_the_category_wants_one(
    account: ChannelAccount,  # noqa: F811
    road: Category,
    asked: Any,  # noqa: F811
) -> None:
    assert take(account, piece("m1", text=ROAD, point=IN_WEST)).kind == "asked"
    assert [a["key"] for a in asked] == ["ask_photo"]
    assert Message.objects.get().body.startswith("Bisa kirim fotonya?")
    taken = take(account, piece("m2", photos=(processed(),)))
    assert taken.kind == "report" and taken.report is not None
    assert taken.report.category == road and taken.report.photos.count() == 1


def test_it_makes_the_report_when_the_citizen_has_no_photo(
    account: ChannelAccount,  # noqa: F811
    road: Category,
    asked: Any,  # noqa: F811
) -> None:
    take(account, piece("m1", text=ROAD, point=IN_WEST))
    taken = take(account, piece("m2", text="Tidak ada"))
    assert taken.kind == "report" and taken.report is not None
    assert taken.report.description == ROAD  # the "no" is an answer, not the problem
    assert [a["key"] for a in asked] == ["ask_photo"]


def test_it_never_makes_an_emergency_wait_for_a_photo(
    account: ChannelAccount,  # noqa: F811
    road: Category,
) -> None:
    road.emergency = True
    road.save(update_fields=["emergency"])
    assert take(account, piece("m1", text=ROAD, point=IN_WEST)).kind == "report"


def test_it_makes_the_report_of_a_quiet_conversation(
    account: ChannelAccount,  # noqa: F811
    asked: Any,  # noqa: F811
    clock: Any,
) -> None:
    clock.at("2026-12-07T10:00")
    assert take(account, piece("m1", text="Sampah menumpuk di ujung gang")).kind == "asked"
    clock.shift(minutes=5)
    assert settle() == 0  # still within SETTLE: the citizen may yet answer
    clock.shift(seconds=SETTLE.total_seconds())
    assert settle() == 1
    report = Report.objects.get()
    assert report.lat is None and report.needs_place  # the LIVE Room places it
    assert report.idempotency_key == "wa:m1"
    assert settle() == 0
    assert Conversation.objects.get().state == ConversationState.REPORTED
    # The citizen still gets the code, through the outbox.
    assert Message.objects.filter(report=report, template_key="ack").count() == 1


def test_it_does_not_act_on_a_burst(
    account: ChannelAccount,  # noqa: F811
    asked: Any,  # noqa: F811
    clock: Any,
) -> None:
    clock.at("2026-12-07T10:00")
    kinds = [take(account, piece(f"m{i}", photos=(processed(seed=i),))).kind for i in range(25)]
    assert kinds.count("limited") == 25 - BURST
    assert [a["key"] for a in asked].count("slow_down") == 1
    assert ConversationPiece.objects.filter(outcome="limited").count() == 25 - BURST
    clock.shift(minutes=2)
    assert take(account, piece("later", text="Sampah menumpuk", point=IN_WEST)).kind == "report"


def test_it_keeps_no_more_photos_than_a_report_takes(
    account: ChannelAccount,  # noqa: F811
    settings: Any,
) -> None:
    settings.LAKSA_PHOTOS_PER_REPORT = 2
    for i in range(4):
        take(account, piece(f"p{i}", photos=(processed(seed=i),)))
    taken = take(account, piece("t", text="Sampah menumpuk", point=IN_WEST))
    assert taken.kind == "report" and taken.report is not None
    assert taken.report.photos.count() == 2


def test_it_remembers_what_each_piece_carried(account: ChannelAccount) -> None:  # noqa: F811
    take(account, piece("a", text="Sampah menumpuk"))
    take(account, piece("b", photos=(processed(),)))
    take(account, piece("c", point=IN_WEST))
    kinds = dict(ConversationPiece.objects.values_list("message_id", "kinds"))
    assert kinds == {"a": "text", "b": "photo", "c": "point"}
