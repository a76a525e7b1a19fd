"""The operator's actions beyond the first triage: co-agencies, priority, public reply, internal
note, reject templates, duplicates, keyboard shortcuts, stale pages and who else is looking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from laksa.console.models import ReplyTemplate, ReportPresence, TemplateKind
from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed, StaleReport
from laksa.reports.models import EventKind, Priority, Report
from laksa.reports.statuses import Status
from tests.conftest import login


def fresh(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def post(client, name, report, **data):
    return client.post(
        reverse(f"console:{name}", args=[report.code]),
        {"version": fresh(report).version, **data},
        follow=True,
    )


@pytest.fixture
def operator2(city) -> User:
    user = User.objects.create_user("operator2", first_name="Sari", last_name="Operator")
    Membership.objects.create(user=user, jurisdiction=city, role=Role.OPERATOR)
    return user


# --- the actions themselves ------------------------------------------------------------------------


def test_it_routes_with_co_agencies_and_records_their_codes(
    operator, make_report, agency_a, agency_b, west_office
):
    report = make_report()
    event = actions.verify_report(
        report, by=operator, agency=agency_a, co_agencies=[agency_b, west_office, agency_a]
    )
    assert set(fresh(report).co_agencies.all()) == {agency_b, west_office}  # the lead is not a co
    assert sorted(event.data["co_agencies"]) == sorted([agency_b.code, west_office.code])
    actions.verify_report(fresh(report), by=operator, agency=agency_a, co_agencies=[])
    assert not fresh(report).co_agencies.exists()


def test_it_refuses_an_outside_body_as_co_agency(operator, make_report, pln):
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.verify_report(report, by=operator, co_agencies=[pln])
    assert fresh(report).status == Status.NEW and report.events.count() == 1


def test_it_sets_the_priority_with_one_internal_event_and_a_new_version(operator, make_report):
    report = make_report()
    version = report.version
    event = actions.set_priority(
        report, by=operator, priority=Priority.HIGH, expected_version=version
    )
    stored = fresh(report)
    assert stored.priority == Priority.HIGH and stored.version == version + 1
    assert stored.status == Status.NEW
    assert event.kind == EventKind.PRIORITY and event.public_note == ""
    assert event.data == {"from": Priority.NORMAL, "to": Priority.HIGH}
    assert report.events.count() == 2


@pytest.mark.parametrize("persona", ["supervisor_a", "lurah", None])
def test_it_refuses_the_new_actions_to_anyone_but_operators(request, persona, make_report):
    user = request.getfixturevalue(persona) if persona else None
    report = make_report()
    with pytest.raises(NotAllowed):
        actions.set_priority(report, by=user, priority=Priority.URGENT)
    with pytest.raises(NotAllowed):
        actions.reply_to_citizen(report, by=user, text="Halo")
    with pytest.raises(NotAllowed):
        actions.add_internal_note(report, by=user, text="catatan")
    stored = fresh(report)
    assert stored.priority == Priority.NORMAL and stored.version == report.version
    assert report.events.count() == 1


def test_it_refuses_a_stale_priority_or_reply(operator, make_report):
    report = make_report()
    stale = report.version
    actions.set_priority(report, by=operator, priority=Priority.HIGH)
    with pytest.raises(StaleReport):
        actions.set_priority(report, by=operator, priority=Priority.URGENT, expected_version=stale)
    with pytest.raises(StaleReport):
        actions.reply_to_citizen(report, by=operator, text="Sudah beres", expected_version=stale)
    assert fresh(report).priority == Priority.HIGH and report.events.count() == 2


def test_it_refuses_priority_on_a_closed_report(operator, make_report):
    report = make_report()
    actions.reject_report(report, by=operator, reason="spam")
    with pytest.raises(IllegalTransition):
        actions.set_priority(fresh(report), by=operator, priority=Priority.HIGH)


def test_it_replies_publicly_without_changing_the_report(operator, make_report, citizen):
    report = make_report()
    event = actions.reply_to_citizen(
        report, by=operator, text="Terima kasih, sedang kami cek.", expected_version=0
    )
    stored = fresh(report)
    assert event.kind == EventKind.REPLY and event.internal_note == ""
    assert stored.version == report.version and stored.status == Status.NEW
    body = citizen.get(reverse("public:track", args=[report.code])).content.decode()
    assert "Terima kasih, sedang kami cek." in body


def test_it_keeps_an_internal_note_off_every_public_page(operator, make_report, citizen):
    report = make_report()
    event = actions.add_internal_note(report, by=operator, text="Penelepon kasar, hati-hati")
    assert event.kind == EventKind.NOTE and event.public_note == ""
    assert fresh(report).version == report.version
    for url in (
        reverse("public:track", args=[report.code]),
        reverse("public:track_private", args=[report.code, report.secret]),
    ):
        assert "Penelepon kasar" not in citizen.get(url).content.decode()
    staff = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert "Penelepon kasar" in staff


def test_it_refuses_empty_texts(operator, make_report):
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.reply_to_citizen(report, by=operator, text="  ")
    with pytest.raises(InvalidInput):
        actions.add_internal_note(report, by=operator, text="")


# --- through the console -------------------------------------------------------------------------


def test_it_sets_priority_replies_and_notes_through_the_console(operator, make_report):
    report = make_report()
    client = login(operator)
    body = post(client, "priority", report, priority=Priority.URGENT, note="Dekat sekolah").content
    assert "mendesak" in body.decode()
    post(client, "reply", report, text="Petugas segera datang.")
    post(client, "note", report, text="Sudah telepon lurah.")
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.PRIORITY, EventKind.REPLY, EventKind.NOTE]
    stored = fresh(report)
    assert stored.priority == Priority.URGENT
    assert report.events.get(kind=EventKind.PRIORITY).internal_note == "Dekat sekolah"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("verify", {"agency": "", "category": ""}),
        ("reject", {"template": "spam"}),
        ("merge", {"into": "X"}),
        ("priority", {"priority": Priority.HIGH}),
        ("reply", {"text": "Halo"}),
    ],
)
def test_it_refuses_a_stale_form_with_a_clear_message(
    operator, make_report, pothole, agency_a, name, data
):
    report = make_report()
    target = make_report(seed=2)
    data = {**data}
    if name == "verify":
        data.update(category=pothole.pk, agency=agency_a.pk)
    if name == "merge":
        data["into"] = target.code
    stale = report.version
    client = login(operator)
    actions.set_priority(report, by=operator, priority=Priority.URGENT)  # someone else acted
    events = report.events.count()
    response = client.post(
        reverse(f"console:{name}", args=[report.code]), {"version": stale, **data}, follow=True
    )
    assert "sudah diubah orang lain; muat ulang lalu coba lagi" in response.content.decode()
    assert report.events.count() == events
    assert fresh(report).status == Status.NEW


def test_it_posts_the_version_with_every_console_form(operator, make_report, pln):
    report = make_report()
    make_report(seed=2)  # a nearby report, so the inline merge buttons show too
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    forms = re.findall(r'<form method="post" action="/console/r/[^"]+".*?</form>', body, re.S)
    assert len(forms) >= 8
    for form in forms:
        assert f'name="version" value="{report.version}"' in form, form[:120]


def test_it_shows_a_shortcut_on_every_action_button(operator, make_report, pln):
    report = make_report()
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    for key in "vrdfpbn":
        assert f'data-shortcut="{key}"' in body and f"<kbd>{key}</kbd>" in body
    assert "console/report.js" in body


def test_it_offers_the_seeded_reject_templates_and_sends_the_edited_text(operator, make_report):
    templates = ReplyTemplate.objects.filter(kind=TemplateKind.REJECT, active=True)
    assert templates.count() >= 4
    assert {"not_authority", "not_enough", "spam"} <= set(templates.values_list("code", flat=True))
    assert all(t.text_en for t in templates)
    report = make_report()
    client = login(operator)
    body = client.get(reverse("console:report", args=[report.code])).content.decode()
    spam = templates.get(code="spam")
    assert f'data-text="{spam.text_id}"' in body
    post(client, "reject", report, template="spam", filled="on", reason="Iklan sedot WC.")
    assert report.events.last().public_note == "Iklan sedot WC."  # the operator's edit, as sent


def test_it_joins_the_template_and_the_operators_words_without_javascript(operator, make_report):
    report = make_report()
    post(login(operator), "reject", report, template="not_enough", reason="Foto gelap.")
    text = ReplyTemplate.objects.get(code="not_enough").text_id
    assert report.events.last().public_note == f"{text} Foto gelap."


def test_it_leaves_out_a_switched_off_template(operator, make_report):
    ReplyTemplate.objects.filter(code="spam").update(active=False)
    report = make_report()
    response = post(login(operator), "reject", report, template="spam")
    assert response.status_code == 400 and fresh(report).status == Status.NEW


def test_it_points_the_duplicates_reporter_to_the_original_and_adds_support(
    operator, make_report, citizen
):
    original, copy = make_report(seed=1), make_report(seed=2)
    post(login(operator), "merge", copy, into=original.code)
    assert fresh(copy).status == Status.DUPLICATE
    assert fresh(original).support_count == 1 and original.supports.count() == 1
    page = citizen.get(reverse("public:track_private", args=[copy.code, copy.secret]))
    assert original.code in page.content.decode()


# --- two operators ---------------------------------------------------------------------------------


def test_it_shows_who_else_has_the_report_open(operator, operator2, make_report):
    report = make_report()
    url = reverse("console:report", args=[report.code])
    first = login(operator)
    assert "Sedang dibuka oleh" not in first.get(url).content.decode()
    body = login(operator2).get(url).content.decode()
    since = timezone.localtime(ReportPresence.objects.get(user=operator).since).strftime("%H:%M")
    assert f"Sedang dibuka oleh operator sejak {since}" in body
    poll = first.get(reverse("console:presence", args=[report.code])).content.decode()
    assert "Sedang dibuka oleh Sari Operator" in poll and 'hx-trigger="every 20s"' in poll


def test_it_forgets_an_operator_after_a_minute_without_a_poll(operator, operator2, make_report):
    report = make_report()
    login(operator).get(reverse("console:report", args=[report.code]))
    ReportPresence.objects.update(seen_at=timezone.now() - timedelta(seconds=61))
    body = login(operator2).get(reverse("console:report", args=[report.code])).content.decode()
    assert "Sedang dibuka oleh" not in body


def test_it_starts_a_new_presence_after_a_gap(operator, make_report):
    report = make_report()
    client = login(operator)
    url = reverse("console:presence", args=[report.code])
    client.get(url)
    old = timezone.now() - timedelta(minutes=5)
    ReportPresence.objects.update(since=old, seen_at=old)
    client.get(url)
    presence = ReportPresence.objects.get()
    assert presence.since > old and ReportPresence.objects.count() == 1


def test_it_refuses_the_presence_poll_to_other_roles(supervisor_a, make_report):
    report = make_report()
    response = login(supervisor_a).get(reverse("console:presence", args=[report.code]))
    assert response.status_code == 403 and not ReportPresence.objects.exists()


@pytest.mark.parametrize("name", ["priority", "reply", "note"])
def test_it_refuses_the_new_forms_to_a_supervisor(supervisor_a, make_report, name):
    report = make_report()
    response = login(supervisor_a).post(
        reverse(f"console:{name}", args=[report.code]),
        {"version": 0, "priority": 2, "text": "x"},
    )
    assert response.status_code == 403 and report.events.count() == 1
