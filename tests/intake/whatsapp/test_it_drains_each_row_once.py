"""The drain (issue 13): each stored WhatsApp message is made into its report in the transaction
that marks its row, one row a transaction with no savepoint inside it, so a row handled again
after a lost mark makes nothing twice, a row that fails leaves the others of the same drain
whole, and a one-message report costs a few statements (the code counter and the event order
held for the last few of them only)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laksa.intake import conversations, inbox
from laksa.intake.inbox import ChatMessage
from laksa.intake.models import (
    ChannelAccount,
    ContactHandle,
    Conversation,
    ConversationPiece,
    InboxMessage,
)
from laksa.notify.models import Message
from laksa.reports.models import Report, ReportEvent
from tests.intake.whatsapp.conftest import drain


def text(n: int, words: str = "Lampu jalan mati di gang {n} kelurahan Barat") -> ChatMessage:
    """A text naming a kelurahan: what, where, and no photo wanted, so it is a report at once."""
    sender = f"62812000000{n:02d}"
    item = {"from": sender, "id": f"wamid.drain-{n}", "timestamp": "1764997200", "type": "text",
            "text": {"body": words.format(n=n)}}  # fmt: skip
    return ChatMessage(item["id"], sender, item["text"]["body"], {"message": item, "name": "Ani"})


def test_a_row_handled_again_after_its_mark_was_lost_makes_nothing_twice(
    account: ChannelAccount, clock: Any
) -> None:
    clock.at("2026-12-01T09:00")
    inbox.accept(account, [text(1)])
    assert drain() == 1
    report = Report.objects.get()
    # As if the drain had died after the report and before the row's mark (they commit
    # together, so this is the worst a crash can leave): the row is pending again.
    InboxMessage.objects.update(handled_at=None, outcome="", report=None)
    assert drain() == 1
    row = InboxMessage.objects.get()
    assert row.outcome == "ignored" and row.report_id == report.pk
    assert Report.objects.count() == 1 and ConversationPiece.objects.count() == 1
    assert ReportEvent.objects.count() == 1 and Message.objects.count() == 1
    assert Conversation.objects.get().report_id == report.pk


def test_a_key_taken_at_the_same_moment_rolls_the_row_back_for_its_next_try(
    account: ChannelAccount, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's writes join the row's transaction (no savepoint): when its key is taken by
    another writer between the look and the insert, the whole row rolls back, and its next try
    finds the first report by the key."""
    from laksa.intake import receive as receive_module

    clock.at("2026-12-01T09:00")
    inbox.accept(account, [text(1)])
    assert drain() == 1
    first = Report.objects.get()
    # As if another worker had made the report just after this one looked for its key.
    InboxMessage.objects.update(handled_at=None, outcome="", report=None)
    ConversationPiece.objects.all().delete()
    Conversation.objects.all().delete()
    monkeypatch.setattr(receive_module, "_first_with_key", lambda channel, key: None)
    assert drain() == 0
    row = InboxMessage.objects.get()
    assert row.handled_at is None and row.attempts == 1 and "UNIQUE" in row.last_error.upper()
    assert not Conversation.objects.exists() and not ConversationPiece.objects.exists()
    assert Report.objects.count() == 1 and Message.objects.count() == 1
    monkeypatch.undo()
    clock.shift(seconds=31)
    assert drain() == 1
    row.refresh_from_db()
    assert row.report_id == first.pk and Report.objects.count() == 1
    assert Message.objects.count() == 1  # the acknowledgement of the first try, once


def test_a_row_that_fails_leaves_the_others_of_the_drain_whole(
    account: ChannelAccount, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = conversations.receive

    def fails_for_the_second(inbound: Any, **kwargs: Any) -> Any:
        if inbound.message_id == "wamid.drain-2":
            raise RuntimeError("disk penuh")
        return real(inbound, **kwargs)

    monkeypatch.setattr(conversations, "receive", fails_for_the_second)
    clock.at("2026-12-01T09:00")
    inbox.accept(account, [text(1), text(2), text(3)])
    assert drain() == 2
    made = dict(Report.objects.values_list("idempotency_key", "code"))
    assert sorted(made) == ["wa-utama:wamid.drain-1", "wa-utama:wamid.drain-3"]
    assert len(set(made.values())) == 2  # each its own report and code
    failed = InboxMessage.objects.get(message_id="wamid.drain-2")
    assert failed.handled_at is None and failed.attempts == 1
    assert "disk penuh" in failed.last_error
    # Nothing of the failed row stays: no conversation, piece or handle for its sender.
    assert not Conversation.objects.filter(handle=failed.sender).exists()
    assert not ConversationPiece.objects.filter(handle=failed.sender).exists()
    monkeypatch.undo()
    clock.shift(seconds=31)
    assert drain() == 1
    assert Report.objects.count() == 3 and ContactHandle.objects.count() == 3
    assert Message.objects.filter(recipient=failed.sender).count() == 1  # its acknowledgement


TRANSACTION = re.compile(r"^(BEGIN|COMMIT|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK)\b")


def test_a_one_message_report_is_a_few_statements(account: ChannelAccount, clock: Any) -> None:
    clock.at("2026-12-01T09:00")
    inbox.accept(account, [text(1), text(2)])
    assert inbox.handle_pending(1) == 1  # the process's memos fill
    with CaptureQueriesContext(connection) as queries:
        assert inbox.handle_pending(1) == 1
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "org_jurisdiction"' not in q["sql"] and not TRANSACTION.match(q["sql"])
    ]
    written = [
        m.group(2)
        for s in sql
        # PostgreSQL's event INSERT starts with the lock it runs first (lib.inserts.after)
        if (
            m := re.match(
                r'^(?:WITH first AS MATERIALIZED \(.*?\) )?(INSERT (?:OR IGNORE )?INTO|UPDATE) "(\w+)"',
                s,
            )
        )
    ]
    assert written == [
        "reports_reportercontact",
        "reports_codecounter",
        "reports_report",
        "notify_message",  # what follows the event is written before it (reports.events)
        "reports_reportevent",
        "intake_conversation",  # made once, with its first piece in and its report named
        "intake_contacthandle",
        "intake_conversationpiece",
        "intake_inboxmessage",
    ]
    # The acknowledgement found its WhatsApp handle in hand (no conversation read again), and
    # the conversation made now was not asked for photos it cannot have.
    assert not [s for s in sql if 'FROM "intake_conversationphoto"' in s], "\n".join(sql)
    conversation_reads = [s for s in sql if s.startswith("SELECT") and '"intake_conversation"' in s]
    assert len(conversation_reads) == 1, "\n".join(conversation_reads)  # the open one, locked
    assert Message.objects.get(report__idempotency_key="wa-utama:wamid.drain-2").recipient == (
        "6281200000002"
    )
    # The row claimed, the piece seen with the burst (one statement), the open conversation,
    # the report's key; the nine writes.
    assert len(sql) <= 13, "\n".join(sql)  # on PostgreSQL too: the event's INSERT takes its lock


@pytest.mark.django_db(transaction=True)
def test_each_row_is_committed_alone(account: ChannelAccount, clock: Any) -> None:
    """A report's transaction holds the month's code counter and the event-order lock to its
    commit: rows handled several to a transaction made a second drain worker wait for the whole
    batch, so each row is committed alone, on both engines, with no savepoint of its own."""
    clock.at("2026-12-01T09:00")
    inbox.accept(account, [text(n) for n in range(1, 6)])
    with CaptureQueriesContext(connection) as queries:
        assert inbox.handle_pending() == 5
    sql = [q["sql"] for q in queries.captured_queries]
    commits = [s for s in sql if s.startswith("COMMIT")]
    assert len(commits) == 6  # one a row, and one for the look that found nothing left
    # The conversation's and the report's blocks join the row's transaction (an error rolls the
    # whole row back for its next try): the one savepoint is the month's code counter's, made by
    # the first report (get_or_create).
    assert len([s for s in sql if s.startswith("SAVEPOINT")]) == 1, "\n".join(sql)
    assert Report.objects.count() == 5
    assert not InboxMessage.objects.filter(handled_at=None).exists()


@pytest.mark.django_db(transaction=True)
def test_the_doors_task_reads_its_rows_by_a_statement_written_once(
    account: ChannelAccount, clock: Any
) -> None:
    """The task a door starts handles its rows one call each: each row is claimed by its id, and
    the account is read once for the process, not once a call (a third of the task's CPU)."""
    clock.at("2026-12-01T09:00")
    rows = inbox.accept(account, [text(n) for n in range(1, 6)])
    with CaptureQueriesContext(connection) as queries:
        for row in rows:
            assert inbox.handle_pending(1, ids=[row.pk]) == 1
        assert inbox.handle_pending(1, ids=[rows[0].pk]) == 0  # handled: not claimed again
    sql = [q["sql"] for q in queries.captured_queries]
    claims = [s for s in sql if s.startswith("SELECT") and 'FROM "intake_inboxmessage"' in s]
    assert len(claims) == 6 and all(' WHERE "id" = ' in s for s in claims), "\n".join(claims)
    accounts = [s for s in sql if 'FROM "intake_channelaccount" INNER JOIN' in s]
    assert len(accounts) == 1, "\n".join(accounts)
    assert Report.objects.count() == 5
