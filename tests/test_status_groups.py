"""Status groups are defined once, in reports/statuses.py, from the status types; the screens ask
for them (or for flags made from them), never for status names."""

from __future__ import annotations

from django.urls import reverse

from laksa.console.forms import QUEUE_TABS
from laksa.reports import actions
from laksa.reports.statuses import (
    CLOSED_WITHOUT_WORK,
    DISCARDED,
    FINISHED,
    IN_HAND,
    OPEN_STATUSES,
    ROUTED,
    ROUTED_OR_FINISHED,
    STATUS_TYPE,
    WAITING,
    Status,
    StatusType,
)
from tests.conftest import login

S = Status


def test_it_defines_every_group_as_exactly_these_statuses_in_lifecycle_order():
    assert WAITING == (S.NEW, S.VERIFIED)
    assert IN_HAND == (S.DISPATCHED, S.IN_PROGRESS)
    assert FINISHED == (S.DONE, S.CLOSED)
    assert CLOSED_WITHOUT_WORK == (S.REJECTED, S.DUPLICATE, S.REFERRED)
    assert OPEN_STATUSES == (S.NEW, S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS)
    assert ROUTED == (S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS)
    assert ROUTED_OR_FINISHED == (S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS, S.DONE, S.CLOSED)
    assert DISCARDED == (S.REJECTED, S.DUPLICATE)


def test_it_builds_the_type_groups_from_status_type():
    by_type = {
        StatusType.WAITING: WAITING,
        StatusType.IN_HAND: IN_HAND,
        StatusType.DONE: FINISHED,
        StatusType.CLOSED: CLOSED_WITHOUT_WORK,
    }
    for kind, group in by_type.items():
        assert set(group) == {s for s, t in STATUS_TYPE.items() if t == kind}, kind
    open_types = {StatusType.WAITING, StatusType.IN_HAND}
    assert set(OPEN_STATUSES) == {s for s, t in STATUS_TYPE.items() if t in open_types}


def test_it_gives_every_status_exactly_one_type():
    assert set(STATUS_TYPE) == set(Status)
    assert all(isinstance(t, StatusType) for t in STATUS_TYPE.values())
    type_groups = [*WAITING, *IN_HAND, *FINISHED, *CLOSED_WITHOUT_WORK]
    assert sorted(type_groups) == sorted(Status.values)


def test_it_builds_the_rule_groups_on_the_type_groups():
    assert set(ROUTED) == set(OPEN_STATUSES) - {S.NEW}
    assert set(ROUTED_OR_FINISHED) == set(ROUTED) | set(FINISHED)
    assert set(DISCARDED) < set(CLOSED_WITHOUT_WORK)


def test_it_puts_every_status_in_one_broad_queue_tab():
    broad = [*QUEUE_TABS["triage"], *QUEUE_TABS["in_hand"]]
    broad += [*QUEUE_TABS["done"], *QUEUE_TABS["closed"]]
    assert sorted(broad) == sorted(Status.values)
    assert QUEUE_TABS["new"] == (S.NEW,) and QUEUE_TABS["verified"] == (S.VERIFIED,)


# What the screens show per group.


def test_it_tracks_only_the_fix_target_once_an_agency_has_the_job(
    citizen, make_report, operator, supervisor_a
):
    report = make_report()
    actions.verify_report(report, by=operator)
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert "Ditanggapi paling lambat" in html and "Target selesai" in html
    actions.accept_job(report, by=supervisor_a)
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert "Ditanggapi paling lambat" not in html and "Target selesai" in html


def test_it_shows_the_queue_the_response_target_while_waiting_the_fix_target_after(
    operator, make_report, supervisor_a
):
    waiting = make_report(seed=1)
    held = make_report(seed=2)
    actions.verify_report(held, by=operator)
    actions.accept_job(held, by=supervisor_a)
    client, queue = login(operator), reverse("console:queue")
    body = client.get(queue).content.decode()
    row = body[body.index(f'data-code="{waiting.code}"') :].split("</tr>")[0]
    assert "batas tanggapan" in row and "batas penyelesaian" not in row
    body = client.get(queue, {"status": "in_hand"}).content.decode()
    row = body[body.index(f'data-code="{held.code}"') :].split("</tr>")[0]
    assert "batas penyelesaian" in row and "batas tanggapan" not in row


def test_it_rings_only_for_a_new_emergency(operator, make_report, fire):
    emergency = make_report(seed=1, category=fire)
    client, queue = login(operator), reverse("console:queue")
    assert 'data-emergency="1"' in client.get(queue).content.decode()
    actions.verify_report(emergency, by=operator)
    body = client.get(queue).content.decode()
    assert f'data-code="{emergency.code}"' in body and 'data-emergency="1"' not in body


def test_it_offers_verification_for_a_new_report_and_rerouting_after(operator, make_report):
    report = make_report()
    page = reverse("console:report", args=[report.code])
    body = login(operator).get(page).content.decode()
    assert "Verifikasi dan teruskan" in body and "Alihkan ke instansi lain" not in body
    actions.verify_report(report, by=operator)
    body = login(operator).get(page).content.decode()
    assert "Alihkan ke instansi lain" in body and "Verifikasi dan teruskan" not in body
