"""laksa.lib.inserts: a new row written by the statement built once stores exactly what
`save(force_insert=True)` stores, leaves the object as save leaves it, sends one INSERT of the
same text each time, and is save itself wherever the two could differ."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from laksa.lib.inserts import insert, ready
from laksa.notify.models import Message, MessageChannel, TemplateKey
from laksa.reports.models import Report, ReporterContact, ReportEvent

pytestmark = pytest.mark.django_db


def _stored(model: type[Any], pk: int, leave_out: set[str]) -> dict[str, Any]:
    row = model.objects.filter(pk=pk).values().get()
    return {name: value for name, value in row.items() if name not in leave_out | {"id"}}


def _message(about: Report, **changes: Any) -> Message:
    fields: dict[str, Any] = {
        "jurisdiction_id": about.jurisdiction_id,
        "report": about,
        "channel": MessageChannel.EMAIL,
        "recipient": "warga@example.org",
        "template_key": TemplateKey.ACKNOWLEDGED,
        "subject": "Laporan diterima",
        "body": "Kode laporan Anda ...",
        "next_attempt_at": about.created_at,
        "created_at": about.created_at,
    }
    return Message(**(fields | changes))


def test_a_row_is_stored_as_save_would_store_it(make_report: Any) -> None:
    report = make_report()
    by_insert = insert(_message(report))
    by_save = _message(report)
    by_save.save(force_insert=True)
    assert by_insert.pk is not None and by_insert.pk != by_save.pk
    assert not by_insert._state.adding and by_insert._state.db == "default"
    unique = {"send_key"}
    assert _stored(Message, by_insert.pk, unique) == _stored(Message, by_save.pk, unique)
    assert Message.objects.get(pk=by_insert.pk).send_key == by_insert.send_key


def test_an_event_with_json_and_a_database_default_comes_back_whole(make_report: Any) -> None:
    report = make_report()
    fields = {
        "report": report,
        "kind": "note",
        "actor_label": "Operator",
        "public_note": "Sedang diperiksa",
        "data": {"channel": "web", "photos": [1, 2], "nested": {"a": None}},
        "created_at": report.created_at,
    }
    made = insert(ReportEvent(**fields))
    saved = ReportEvent(**fields)
    saved.save(force_insert=True)
    assert _stored(ReportEvent, made.pk, set()) == _stored(ReportEvent, saved.pk, set())
    assert ReportEvent.objects.get(pk=made.pk).data == fields["data"]


def test_a_report_gets_what_the_database_returns(make_report: Any) -> None:
    """Report has a column the database fills (a db_default): it is set on the object, as
    save sets it."""
    first = make_report()
    returned = [f.attname for f in Report._meta.db_returning_fields]
    assert len(returned) > 1  # the id and at least one more: what this test is about
    stored = Report.objects.get(pk=first.pk)
    for name in returned:
        assert getattr(first, name) == getattr(stored, name)


def test_one_statement_of_the_same_text_each_time(make_report: Any) -> None:
    report = make_report()
    insert(_message(report))  # the statement is built on the first row
    with CaptureQueriesContext(connection) as queries:
        insert(_message(report, recipient="satu@example.org"))
        insert(_message(report, recipient="dua@example.org"))
    assert len(queries) == 2
    assert queries[0]["sql"].split(" VALUES ")[0] == queries[1]["sql"].split(" VALUES ")[0]
    assert queries[0]["sql"].startswith('INSERT INTO "notify_message"')


def test_a_model_someone_listens_to_is_saved_with_its_signals(db: Any) -> None:
    heard: list[ReporterContact] = []

    def listener(sender: Any, instance: ReporterContact, created: bool, **kwargs: Any) -> None:
        heard.append(instance)

    post_save.connect(listener, sender=ReporterContact, dispatch_uid="test.inserts")
    try:
        contact = insert(ReporterContact(name="Budi", phone="+6281200000001"))
    finally:
        post_save.disconnect(sender=ReporterContact, dispatch_uid="test.inserts")
    assert heard == [contact] and contact.pk is not None


def test_an_expression_as_a_value_is_left_to_save(db: Any) -> None:
    contact = insert(ReporterContact(name=Value("Siti"), phone="+6281200000002"))
    assert ReporterContact.objects.get(pk=contact.pk).name == "Siti"


def test_an_unsaved_related_row_is_refused_as_save_refuses_it(make_report: Any) -> None:
    report = make_report()
    unsaved = Report(jurisdiction_id=report.jurisdiction_id, category_id=report.category_id)
    with pytest.raises(ValueError, match="unsaved related object"):
        insert(_message(report, report=unsaved))
    assert not Message.objects.filter(recipient="warga@example.org", report=None).exists()


def test_values_made_ready_before_are_sent_with_the_fields_set_after(make_report: Any) -> None:
    """ready(): the values are prepared when it is called (before a transaction), the fields
    named `later` are read when it is stored (inside it), and the row is the same as save's."""
    report = make_report()
    message = _message(report, recipient="awal@example.org")
    row = ready(message, later=["report", "subject"])
    message.recipient = "diabaikan@example.org"  # prepared already: not read again
    message.subject = "Dibaca saat disimpan"
    other = make_report()
    message.report = other
    with CaptureQueriesContext(connection) as queries:
        stored = row.insert()
    assert stored is message and len(queries) == 1
    got = Message.objects.get(pk=message.pk)
    assert (got.recipient, got.subject, got.report_id) == (
        "awal@example.org",
        "Dibaca saat disimpan",
        other.pk,
    )
    unsaved = _message(report)
    unsaved.report = Report(jurisdiction_id=report.jurisdiction_id, category_id=report.category_id)
    with pytest.raises(ValueError, match="unsaved related object"):
        ready(unsaved, later=["subject"]).insert()


def test_an_event_prepared_before_its_report_is_stored_names_it(
    make_report: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """create_report prepares the new report's event before the transaction, while the report
    has no id yet; stored after the report, the event names it, in one statement, and the news
    of it goes out after the commit as for any event."""
    from django.db import transaction

    from laksa.reports.events import event_committed, prepare_event, record_prepared

    report = make_report()
    report.pk, report.code, report._state.adding = None, "TNG-TEST-00002", True  # a new one
    report.secret = "rahasia-yang-lain"
    event = prepare_event(
        report=report, kind="created", to_status="new", data={"photos": 0},
        created_at=report.created_at,
    )  # fmt: skip
    announced: list[int] = []

    def heard(sender: Any, last_id: int, **kwargs: Any) -> None:
        announced.append(last_id)

    event_committed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            report.save()
            with CaptureQueriesContext(connection) as queries:
                stored = record_prepared(event)
            assert announced == []  # not before the commit
    finally:
        event_committed.disconnect(heard)
    assert len(queries) == 1  # on PostgreSQL with the order lock taken by the same statement
    got = ReportEvent.objects.get(pk=stored.pk)
    assert (got.report_id, got.kind, got.data) == (report.pk, "created", {"photos": 0})
    assert announced == [stored.pk]


def test_sqlite_placeholders_are_converted_once_and_as_django_does() -> None:
    """laksa.lib.sqlite remembers each statement's "?" form; the text is Django's own."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's cursor")
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    from laksa.lib.sqlite.base import _Cursor, _remembered

    statement = "SELECT %s, '100%%', %s FROM reports_report WHERE code LIKE %s"
    django_cursor = connection.connection.cursor(factory=SQLiteCursorWrapper)
    ours = connection.connection.cursor(factory=_Cursor)
    before = _remembered.cache_info().hits
    for _ in range(2):
        assert ours.convert_query(statement) == django_cursor.convert_query(statement)
    assert _remembered.cache_info().hits == before + 1
    named = "SELECT %(a)s"
    assert ours.convert_query(named, param_names=["a"]) == "SELECT :a"
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s || '%%'", ["50"])
        assert cursor.fetchone() == ("50%",)
