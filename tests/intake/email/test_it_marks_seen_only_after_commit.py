"""The poller marks a message \\Seen only once its report is committed. If it dies between the
two, the message is still unread, the next poll reads it again, and the Message-ID makes it the
same one report. If making the report fails, the message stays unread for the next poll."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake.email.imap import MailboxError, poll
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.email.conftest import MORNING, fixture_bytes
from tests.intake.email.fake_imap import FakeImap


@pytest.mark.django_db(transaction=True)
def test_it_marks_the_message_seen_after_the_report_is_committed(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    clock.at(MORNING)
    uid = imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    seen_from_elsewhere: list[int] = []
    # Run in the server's thread, on its own database connection: it sees only committed rows.
    imap.mailbox.on_store = lambda _uid: seen_from_elsewhere.append(Report.objects.count())

    poll(imap_account)

    assert seen_from_elsewhere == [1]
    assert imap.mailbox.seen(uid)


@pytest.mark.django_db(transaction=True)
def test_it_reads_the_message_again_after_a_crash_and_makes_one_report(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any
) -> None:
    clock.at(MORNING)
    uid = imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    imap.mailbox.drop_next_store = True

    with pytest.raises(MailboxError):
        poll(imap_account)
    assert Report.objects.count() == 1
    assert not imap.mailbox.seen(uid)

    again = poll(imap_account)

    assert Report.objects.count() == 1
    assert again.reports == [Report.objects.get().code]
    assert imap.mailbox.seen(uid)


def test_it_leaves_the_message_unread_when_the_report_fails(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any, settings: Any, tmp_path: Any
) -> None:
    clock.at(MORNING)
    uid = imap.mailbox.deliver(fixture_bytes("report_with_photo.eml"))
    media = settings.MEDIA_ROOT
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the photo folder should be")
    settings.MEDIA_ROOT = blocked

    failed = poll(imap_account)

    assert failed.failed == 1 and failed.reports == []
    assert Report.objects.count() == 0
    assert not imap.mailbox.seen(uid)

    settings.MEDIA_ROOT = media
    fixed = poll(imap_account)

    assert len(fixed.reports) == 1 and Report.objects.count() == 1
    assert imap.mailbox.seen(uid)
