"""intake.conversations.take, as every chat adapter calls it."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.conversations import Piece, take
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import reply_wanted
from laksa.notify.models import Message
from laksa.org.models import Jurisdiction
from laksa.reports.models import EventKind, Report, ReportEvent
from tests.conftest import IN_WEST
from tests.images import processed

HANDLE = "6281234567890"


@pytest.fixture
def account(city: Jurisdiction, west: Any, east: Any, lain: Category) -> ChannelAccount:
    return ChannelAccount.objects.create(jurisdiction=city, kind=Kind.WHATSAPP, name="wa")


@pytest.fixture
def asked() -> Any:
    keys: list[dict[str, Any]] = []

    def keep(sender: Any, **kwargs: Any) -> None:
        keys.append(kwargs)

    reply_wanted.connect(keep, dispatch_uid="conversation-tests")
    yield keys
    reply_wanted.disconnect(dispatch_uid="conversation-tests")


def piece(message_id: str, **kwargs: Any) -> Piece:
    return Piece(handle=HANDLE, message_id=message_id, phone=HANDLE, **kwargs)


def test_it_asks_for_where(account: ChannelAccount, asked: Any) -> None:
    taken = take(account, piece("m1", text="Jalan berlubang besar"))
    assert taken.kind == "asked" and taken.report is None
    assert [a["key"] for a in asked] == ["ask_where"]
    assert asked[0]["values"]["language"] == "id"
    assert Message.objects.get().body.startswith("Di mana lokasinya?")


def test_it_asks_for_what_after_a_photo_alone(account: ChannelAccount, asked: Any) -> None:
    assert take(account, piece("m1", photos=(processed(),))).kind == "asked"
    assert take(account, piece("m2", photos=(processed(seed=2),))).kind == "asked"
    assert [a["key"] for a in asked] == ["ask_what"]  # not asked again for the second photo


def test_it_asks_in_english(account: ChannelAccount, asked: Any) -> None:
    take(account, piece("m1", text="There is a big hole in the road", language="en"))
    message = Message.objects.get()
    assert message.language == "en"
    assert message.body.startswith("Where is it?")


def test_it_completes_with_a_named_area(account: ChannelAccount, asked: Any) -> None:
    assert take(account, piece("m1", text="Lampu jalan mati")).kind == "asked"
    taken = take(account, piece("m2", text="di kelurahan Barat"))
    assert taken.kind == "report"
    assert taken.report is not None
    report = Report.objects.get()
    assert report.kelurahan is not None and report.kelurahan.name == "Barat"
    assert report.description == "Lampu jalan mati\ndi kelurahan Barat"


def test_it_completes_with_a_point_and_keeps_the_photo(account: ChannelAccount) -> None:
    take(account, piece("m1", text="Sampah menumpuk"))
    take(account, piece("m2", photos=(processed(),)))
    taken = take(account, piece("m3", point=IN_WEST))
    assert taken.kind == "report" and taken.report is not None
    assert taken.report.photos.count() == 1
    assert taken.report.idempotency_key == "wa:m1"


def test_it_ignores_a_retried_piece(account: ChannelAccount, asked: Any) -> None:
    take(account, piece("m1", text="Sampah menumpuk"))
    assert take(account, piece("m1", text="Sampah menumpuk")).kind == "ignored"
    assert len(asked) == 1


def test_it_adds_a_message_naming_the_code_as_a_note(account: ChannelAccount, clock: Any) -> None:
    clock.at("2026-12-06T09:00")
    report = take(account, piece("m1", text="Sampah menumpuk", point=IN_WEST)).report
    assert report is not None
    clock.shift(hours=3)  # the conversation is over
    taken = take(account, piece("m2", text=f"Untuk {report.code}: sudah dua minggu"))
    assert taken.kind == "added" and taken.report == report
    note = ReportEvent.objects.get(report=report, kind=EventKind.NOTE)
    assert "sudah dua minggu" in note.internal_note
    assert Report.objects.count() == 1


def test_it_adds_a_piece_within_the_window_to_the_report(account: ChannelAccount) -> None:
    report = take(account, piece("m1", text="Sampah menumpuk", point=IN_WEST)).report
    taken = take(account, piece("m2", photos=(processed(),)))
    assert taken.kind == "added" and taken.report == report
    assert report is not None and report.photos.count() == 1


def test_it_does_not_add_to_someone_elses_report(account: ChannelAccount, clock: Any) -> None:
    clock.at("2026-12-06T09:00")
    report = take(account, piece("m1", text="Sampah menumpuk", point=IN_WEST)).report
    assert report is not None
    other = Piece(handle="6289999", phone="6289999", message_id="x1", text=f"{report.code} palsu")
    assert take(account, other).kind == "asked"
    assert not ReportEvent.objects.filter(report=report, kind=EventKind.NOTE).exists()


def test_it_answers_status(account: ChannelAccount, asked: Any) -> None:
    report = take(account, piece("m1", text="Sampah menumpuk", point=IN_WEST)).report
    assert report is not None
    taken = take(account, piece("m2", text=f"/status {report.code}"))
    assert taken.kind == "status" and taken.report == report
    assert asked[-1]["key"] == "status" and asked[-1]["values"]["owner"] == "1"


def test_it_acknowledges_in_english(account: ChannelAccount) -> None:
    take(account, piece("m1", text="There is a big hole in the road", language="en"))
    report = take(account, piece("m2", point=IN_WEST)).report
    assert report is not None
    ack = Message.objects.get(report=report, template_key="ack")
    assert ack.language == "en"
    assert ack.recipient == HANDLE and ack.channel == "whatsapp"
