"""The field app over the JSON API: the user's parts and crews, and a job's whole lifecycle
through dispatch.actions (accept with a crew, assign, start, progress, reroute, complete), each
action done once per Idempotency-Key."""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laksa.api.models import PersonalToken
from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Assignment, Crew, Escalation, Level, Submission, Target
from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.models import EventKind, PhotoKind, Report
from laksa.reports.statuses import Status
from tests.api_helpers import API, bearer, error_codes, post_json
from tests.conftest import IN_EAST, IN_WEST
from tests.images import make_image, processed, upload


def token_for(user: Any) -> dict[str, str]:
    name = f"uji-{PersonalToken.objects.filter(user=user).count()}"
    _token, key = PersonalToken.create_with_key(user, name)
    return bearer(key)


def routed(make_report: Any, operator: Any, **kwargs: Any) -> Report:
    co = kwargs.pop("co_agencies", None)
    report = make_report(**kwargs)
    actions.verify_report(report, by=operator, co_agencies=co)
    report.refresh_from_db()
    return report


def jobs(user: Any, **params: Any) -> list[dict[str, Any]]:
    response = Client().get(f"{API}/staff/assignments", params, headers=token_for(user))
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def work(user: Any, report: Report, action: str, key: str | None = None, **body: Any) -> Any:
    headers = token_for(user) | ({"Idempotency-Key": key} if key else {})
    return post_json(Client(), f"/staff/reports/{report.code}/{action}", body, **headers)


def send(user: Any, report: Report, action: str, key: str | None = None, **data: Any) -> Any:
    """A multipart action (progress, complete)."""
    headers = token_for(user) | ({"Idempotency-Key": key} if key else {})
    return Client().post(f"{API}/staff/reports/{report.code}/{action}", data, headers=headers)


def part(report: Report, agency: Any) -> Assignment:
    return Assignment.objects.get(report=report, agency=agency, ended_at=None)


# --- lists ----------------------------------------------------------------------------------------


def test_it_lists_each_users_open_parts_with_the_assignment(
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    supervisor_b: Any,
    agency_b: Any,
    crew_a: Any,
) -> None:
    report = routed(make_report, operator, co_agencies=[agency_b])
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a, instructions="Bawa aspal")
    lead = part(report, report.agency)
    [job] = jobs(supervisor_a)
    assert (job["code"], job["status"], job["agency_code"]) == (report.code, "dispatched", "DPUPR")
    assert job["assignment"] == {
        "id": lead.pk,
        "agency": "DPUPR",
        "part": "lead",
        "supervisor": "pengawas_a",
        "crew": {"id": crew_a.pk, "name": "Regu Tambal 1"},
        "instructions": "Bawa aspal",
        "respond_due_at": job["respond_due_at"],
        "resolve_due_at": job["resolve_due_at"],
        "due_at": job["resolve_due_at"],  # accepted: the resolution target counts now
        "overdue": False,
        "escalated": None,
        "accepted_at": job["assignment"]["accepted_at"],
        "done_at": None,
        "reroute_asked_at": None,
    }
    accepted_at = datetime.fromisoformat(job["assignment"]["accepted_at"])
    assert abs(accepted_at - lead.accepted_at) < timedelta(milliseconds=1)
    [support] = jobs(supervisor_b)
    assert support["code"] == report.code
    assert (support["assignment"]["agency"], support["assignment"]["part"]) == ("DISHUB", "support")
    assert support["assignment"]["crew"] is None and support["assignment"]["accepted_at"] is None
    assert support["assignment"]["due_at"] == support["respond_due_at"]
    assert jobs(operator) == []


def test_it_marks_overdue_and_escalated_parts(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    late = timezone.now() - timedelta(hours=2)
    Assignment.objects.filter(report=report).update(respond_due_at=late)
    Report.objects.filter(pk=report.pk).update(respond_due_at=late)
    Escalation.objects.create(
        report=report, target=Target.RESPOND, level=Level.SUPERVISOR, due_at=late, at=late
    )
    Escalation.objects.create(
        report=report, target=Target.RESPOND, level=Level.AGENCY_HEAD, due_at=late, at=late
    )
    [job] = jobs(supervisor_a)
    assert job["assignment"]["overdue"] is True
    assert job["assignment"]["escalated"] == "agency_head"


def test_a_worker_sees_and_works_only_the_crews_jobs(
    make_report: Any, operator: Any, supervisor_a: Any, worker_a: Any, crew_a: Any
) -> None:
    mine = routed(make_report, operator, seed=1)
    field_actions.accept_job(mine, by=supervisor_a, crew=crew_a)
    other = routed(make_report, operator, seed=2)
    field_actions.accept_job(other, by=supervisor_a)
    assert [j["code"] for j in jobs(worker_a)] == [mine.code]
    assert {j["code"] for j in jobs(supervisor_a)} == {mine.code, other.code}
    refused = work(worker_a, other, "start")
    assert refused.status_code == 404  # another crew's job is as unknown as none
    assert Report.objects.get(pk=other.pk).status == Status.DISPATCHED
    started = work(worker_a, mine, "start", note="Tim tiba")
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_progress"
    assert started.json()["assignment"]["crew"]["id"] == crew_a.pk


def test_a_worker_who_supervises_elsewhere_is_a_worker_on_the_crews_job(
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    worker_a: Any,
    crew_a: Any,
    agency_b: Any,
    city: Any,
) -> None:
    Membership.objects.create(
        user=worker_a, jurisdiction=city, role=Role.SUPERVISOR, agency=agency_b
    )
    job = routed(make_report, operator, seed=1)
    field_actions.accept_job(job, by=supervisor_a, crew=crew_a)
    other_crew = Crew.objects.create(agency=crew_a.agency, name="Regu 2")
    refused = work(worker_a, job, "assign", crew=other_crew.pk)
    assert refused.status_code == 403, refused.content
    assert part(job, crew_a.agency).crew == crew_a
    assert work(worker_a, job, "start").status_code == 200  # the crew's own work goes on


def test_a_worker_reads_and_notes_only_the_crews_jobs(
    make_report: Any, operator: Any, supervisor_a: Any, worker_a: Any, crew_a: Any, agency_a: Any
) -> None:
    crew_b = Crew.objects.create(agency=agency_a, name="Regu Tambal 2")
    mine = routed(make_report, operator, seed=1)
    field_actions.accept_job(mine, by=supervisor_a, crew=crew_a)
    other = routed(make_report, operator, seed=2)
    field_actions.accept_job(other, by=supervisor_a, crew=crew_b)
    actions.add_internal_note(other, by=operator, text="Rahasia regu 2")
    client, headers = Client(), token_for(worker_a)

    listed = client.get(f"{API}/staff/reports", headers=headers).json()["results"]
    assert [r["code"] for r in listed] == [mine.code]
    assert client.get(f"{API}/staff/reports/{mine.code}", headers=headers).status_code == 200
    hidden = client.get(f"{API}/staff/reports/{other.code}", headers=headers)
    assert hidden.status_code == 404 and "Rahasia" not in hidden.content.decode()
    events = client.get(f"{API}/staff/events", headers=headers).json()["events"]
    assert {e["code"] for e in events} == {mine.code}
    assert "Rahasia regu 2" not in json.dumps(events)
    noted = post_json(client, f"/staff/reports/{other.code}/notes", {"text": "Hai"}, **headers)
    assert noted.status_code == 404  # not even told that only operators write notes
    own = post_json(client, f"/staff/reports/{mine.code}/notes", {"text": "Hai"}, **headers)
    assert own.status_code == 403
    # The crew is sent elsewhere: the job leaves the worker's lists.
    Assignment.objects.filter(report=mine).update(crew=crew_b)
    assert client.get(f"{API}/staff/reports", headers=headers).json()["results"] == []
    assert client.get(f"{API}/staff/reports/{mine.code}", headers=headers).status_code == 404


def test_a_supervisor_with_an_area_sees_the_agencys_jobs_there_only(
    make_report: Any, operator: Any, city: Any, agency_a: Any, west: Any, kecamatan: Any
) -> None:
    in_west = routed(make_report, operator, seed=1)
    in_east = routed(make_report, operator, seed=2, at=IN_EAST)
    west_only = User.objects.create_user("pengawas_barat")
    Membership.objects.create(
        user=west_only, jurisdiction=city, role=Role.SUPERVISOR, agency=agency_a, area=west
    )
    whole_kecamatan = User.objects.create_user("pengawas_tengah")
    Membership.objects.create(
        user=whole_kecamatan,
        jurisdiction=city,
        role=Role.SUPERVISOR,
        agency=agency_a,
        area=kecamatan,
    )
    headers = token_for(west_only)
    assert [j["code"] for j in jobs(west_only)] == [in_west.code]
    listed = Client().get(f"{API}/staff/reports", headers=headers).json()["results"]
    assert [r["code"] for r in listed] == [in_west.code]
    assert Client().get(f"{API}/staff/reports/{in_east.code}", headers=headers).status_code == 404
    assert work(west_only, in_east, "accept").status_code == 404
    assert work(west_only, in_west, "accept").status_code == 200
    assert {j["code"] for j in jobs(whole_kecamatan, status="verified")} == {in_east.code}
    assert {j["code"] for j in jobs(whole_kecamatan, status="dispatched")} == {in_west.code}


def test_it_pages_and_filters_the_parts(make_report: Any, operator: Any, supervisor_a: Any) -> None:
    reports = [routed(make_report, operator, seed=i) for i in range(3)]
    field_actions.accept_job(reports[0], by=supervisor_a)
    field_actions.finish_job(reports[0], by=supervisor_a, proof=[processed(60)])
    client, auth = Client(), token_for(supervisor_a)
    seen, cursor = [], None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        response = client.get(f"{API}/staff/assignments", params, headers=auth)
        assert response.status_code == 200, response.content
        seen += [r["code"] for r in response.json()["results"]]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [reports[2].code, reports[1].code]  # newest part first; the done one left out
    done = client.get(f"{API}/staff/assignments", {"status": "done"}, headers=auth).json()
    assert [r["code"] for r in done["results"]] == [reports[0].code]
    assert done["results"][0]["assignment"]["due_at"] is None
    report_cursor = client.get(f"{API}/staff/reports", {"limit": 1}, headers=auth).json()
    wrong = client.get(
        f"{API}/staff/assignments", {"cursor": report_cursor["next_cursor"]}, headers=auth
    )
    assert error_codes(wrong) == [("invalid", "cursor")]


def test_it_lists_the_parts_in_a_fixed_number_of_queries(
    make_report: Any, operator: Any, supervisor_a: Any, crew_a: Any
) -> None:
    auth, counts = token_for(supervisor_a), []
    for seed in range(1, 6):
        report = routed(make_report, operator, seed=seed)
        field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(f"{API}/staff/assignments", headers=auth)
        assert len(response.json()["results"]) == seed
        counts.append(len(queries.captured_queries))
    assert counts == [counts[0]] * 5 and counts[0] <= 15, counts


def test_it_lists_the_active_crews_of_the_users_agencies(
    operator: Any, supervisor_a: Any, supervisor_b: Any, worker_a: Any, crew_a: Any, agency_b: Any
) -> None:
    Crew.objects.create(agency=crew_a.agency, name="Regu Lama", active=False)
    lights = Crew.objects.create(agency=agency_b, name="Regu Lampu")
    client = Client()
    for user, expected in [
        (supervisor_a, [{"id": crew_a.pk, "name": "Regu Tambal 1", "agency": "DPUPR"}]),
        (worker_a, [{"id": crew_a.pk, "name": "Regu Tambal 1", "agency": "DPUPR"}]),
        (supervisor_b, [{"id": lights.pk, "name": "Regu Lampu", "agency": "DISHUB"}]),
        (operator, []),
    ]:
        response = client.get(f"{API}/staff/crews", headers=token_for(user))
        assert response.status_code == 200, response.content
        found = response.json()["results"]
        assert [{k: c[k] for k in ("id", "name", "agency")} for c in found] == expected
    mine = client.get(f"{API}/staff/crews", headers=token_for(supervisor_a)).json()["results"]
    assert mine[0]["member_count"] == 1


# --- actions --------------------------------------------------------------------------------------


def test_it_accepts_with_a_crew_and_instructions(
    make_report: Any, operator: Any, supervisor_a: Any, crew_a: Any
) -> None:
    report = routed(make_report, operator)
    response = work(
        supervisor_a,
        report,
        "accept",
        expected_version=report.version,
        crew=crew_a.pk,
        instructions="Bawa aspal dingin 2 karung",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "dispatched"
    assert body["assignment"]["crew"] == {"id": crew_a.pk, "name": "Regu Tambal 1"}
    assert body["assignment"]["instructions"] == "Bawa aspal dingin 2 karung"
    assert body["assignment"]["supervisor"] == "pengawas_a"
    assigned = report.events.get(kind=EventKind.ASSIGNED)
    assert "aspal" in assigned.internal_note and assigned.public_note == ""
    again = work(supervisor_a, report, "accept")
    assert again.status_code == 409
    assert error_codes(again) == [("illegal_transition", None)]


def test_the_old_dispatch_path_still_accepts(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    response = work(supervisor_a, report, "dispatch", expected_version=report.version)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dispatched"
    assert part(report, report.agency).supervisor == supervisor_a


def test_it_refuses_a_crew_of_another_agency_and_a_worker_leading(
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    worker_a: Any,
    agency_b: Any,
    crew_a: Any,
) -> None:
    report = routed(make_report, operator)
    too_early = work(supervisor_a, report, "assign", crew=crew_a.pk)
    assert too_early.status_code == 409  # accept first
    field_actions.accept_job(report, by=supervisor_a)
    other = Crew.objects.create(agency=agency_b, name="Regu Lampu")
    for crew_id in (other.pk, 999_999):
        response = work(supervisor_a, report, "assign", crew=crew_id)
        assert response.status_code == 422
        assert error_codes(response) == [("invalid", "crew")]
    Assignment.objects.filter(report=report).update(crew=crew_a)  # the worker reaches it now
    as_worker = work(worker_a, report, "assign", crew=crew_a.pk, instructions="x")
    assert as_worker.status_code == 403
    assigned = work(supervisor_a, report, "assign", crew=crew_a.pk, instructions="Pagi ini")
    assert assigned.status_code == 200, assigned.content
    assert part(report, report.agency).instructions == "Pagi ini"


def test_it_records_progress_with_a_photo(
    make_report: Any, operator: Any, supervisor_a: Any, citizen: Client
) -> None:
    report = routed(make_report, operator)
    early = send(supervisor_a, report, "progress", note="Belum mulai")
    assert early.status_code == 409  # the report is not being worked yet
    field_actions.accept_job(report, by=supervisor_a)
    empty = send(supervisor_a, report, "progress", note="  ")
    assert empty.status_code == 422
    response = send(
        supervisor_a,
        report,
        "progress",
        note="Galian dimulai",
        photos=[upload(make_image(seed=61))],
    )
    assert response.status_code == 200, response.content
    assert [p["kind"] for p in response.json()["photos"]] == ["before", "progress"]
    timeline = citizen.get(f"{API}/reports/{report.code}/timeline").json()["events"]
    assert timeline[-1]["note"] == "Galian dimulai"


def test_it_asks_the_live_room_to_reroute(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    blank = work(supervisor_a, report, "reroute", reason="   ")
    assert error_codes(blank) == [("invalid", "reason")]
    response = work(supervisor_a, report, "reroute", reason="Saluran milik provinsi")
    assert response.status_code == 200, response.content
    assert response.json()["assignment"]["reroute_asked_at"] is not None
    assert response.json()["status"] == "verified"
    event = report.events.get(kind=EventKind.REROUTE)
    assert event.internal_note == "Saluran milik provinsi" and event.public_note == ""


def test_a_co_agency_completes_its_part_and_the_lead_closes_the_job(
    make_report: Any, operator: Any, supervisor_a: Any, supervisor_b: Any, agency_b: Any
) -> None:
    report = routed(make_report, operator, co_agencies=[agency_b])
    seen = Client().get(f"{API}/staff/reports/{report.code}", headers=token_for(supervisor_b))
    assert seen.status_code == 200  # a co-agency reads the report it has a part in
    assert seen.json()["assignment"]["part"] == "support"
    assert work(supervisor_b, report, "accept").json()["status"] == "verified"
    assert work(supervisor_a, report, "accept").json()["status"] == "dispatched"
    assert work(supervisor_b, report, "start").status_code == 409  # only the lead starts
    no_proof = send(supervisor_b, report, "complete", note="Rambu dipasang")
    assert error_codes(no_proof) == [("invalid", "photos")]
    helped = send(
        supervisor_b,
        report,
        "complete",
        note="Rambu dipasang",
        photos=[upload(make_image(seed=62))],
    )
    assert helped.status_code == 200, helped.content
    assert helped.json()["status"] == "dispatched"
    assert helped.json()["assignment"]["done_at"] is not None
    assert jobs(supervisor_b) == []  # its part is done
    done = send(supervisor_a, report, "complete", photos=[upload(make_image(seed=63))])
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    report.refresh_from_db()
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert report.photos.filter(kind=PhotoKind.PROGRESS).count() == 1


def test_a_completion_carries_the_phones_time_and_place_at_each_photo(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    """A photo without EXIF (most apps strip it) is checked against what the phone knew: far
    from the report it is refused with the reason; at the report it closes the job, located."""
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    now = timezone.now().isoformat()
    away = json.dumps([{"time": now, "lat": IN_EAST[0], "lng": IN_EAST[1] + 0.01}])
    refused = send(
        supervisor_a, report, "complete", photos=[upload(make_image(seed=65))], capture=away
    )
    assert refused.status_code == 422, refused.content
    assert "m dari" in refused.json()["errors"][0]["message"]
    for junk in ("{", '{"time": 1}', "[" * 3000):
        bad = send(
            supervisor_a, report, "complete", photos=[upload(make_image(seed=65))], capture=junk
        )
        assert error_codes(bad) == [("invalid", "capture")], bad.content
    # An impossible time is taken as unknown; the place is still checked.
    impossible = json.dumps([{"time": "2026-13-45T10:00:00+07:00", "lat": IN_EAST[0], "lng": 107}])
    unknown = send(
        supervisor_a, report, "complete", photos=[upload(make_image(seed=65))], capture=impossible
    )
    assert unknown.status_code == 422 and "m dari" in unknown.content.decode(), unknown.content
    here = json.dumps([{"time": now, "lat": IN_WEST[0], "lng": IN_WEST[1]}])
    done = send(
        supervisor_a, report, "complete", photos=[upload(make_image(seed=65))], capture=here
    )
    assert done.status_code == 200, done.content
    proof = report.photos.get(kind=PhotoKind.PROOF)
    assert (proof.location_source, proof.time_source) == ("device", "device")
    assert proof.distance_m is not None and proof.distance_m < 1


# --- Idempotency-Key --------------------------------------------------------------------------------


def test_a_resent_completion_is_done_once(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    key = str(uuid.uuid4())
    answers = [
        send(supervisor_a, report, "complete", key, photos=[upload(make_image(seed=64))])
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200], answers[0].content
    assert "Idempotent-Replayed" not in answers[0]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert answers[0].json()["events"] == answers[1].json()["events"]
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert report.events.filter(to_status=Status.DONE).count() == 1
    assert Submission.objects.get(client_id=key).action == "complete"


def test_a_resent_progress_adds_one_photo_and_one_event(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    key = str(uuid.uuid4())
    for _ in range(3):
        response = send(supervisor_a, report, "progress", key, photos=[upload(make_image(seed=65))])
        assert response.status_code == 200, response.content
    assert report.photos.filter(kind=PhotoKind.PROGRESS).count() == 1
    assert report.events.filter(kind=EventKind.PROGRESS).count() == 1


def test_a_refused_action_is_answered_the_same_every_time(
    make_report: Any, operator: Any, supervisor_a: Any, worker_a: Any, crew_a: Any
) -> None:
    report = routed(make_report, operator)
    key = str(uuid.uuid4())
    first = work(supervisor_a, report, "start", key)
    again = work(supervisor_a, report, "start", key)
    unkeyed = work(supervisor_a, report, "start")
    assert first.status_code == again.status_code == unkeyed.status_code == 409
    assert error_codes(first) == error_codes(again) == [("illegal_transition", None)]
    assert first.json() == again.json() == unkeyed.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Submission.objects.get(client_id=key).ok is False
    # Who may act is checked before the action: a 403 is not kept, the key stays unused.
    Assignment.objects.filter(report=report).update(crew=crew_a)
    other_key = str(uuid.uuid4())
    assert work(worker_a, report, "accept", other_key).status_code == 403
    assert not Submission.objects.filter(client_id=other_key).exists()
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_a_proof_refused_by_its_checks_is_a_422_with_or_without_a_key(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    far = json.dumps([{"lat": IN_EAST[0], "lng": IN_EAST[1] + 0.01}])
    proof_key = str(uuid.uuid4())
    refusals = [
        send(supervisor_a, report, "complete", k, photos=[upload(make_image(seed=66))], capture=far)
        for k in (proof_key, proof_key, None)
    ]
    assert [r.status_code for r in refusals] == [422, 422, 422]
    assert len({r.content for r in refusals}) == 1
    assert Submission.objects.get(client_id=proof_key).refusal == "invalid"
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED


def test_it_refuses_a_key_that_is_not_a_uuid_or_the_sender_used_for_another_action(
    make_report: Any, operator: Any, supervisor_a: Any, agency_b: Any
) -> None:
    report = routed(make_report, operator, co_agencies=[agency_b])
    not_uuid = work(supervisor_a, report, "accept", "kirim-1")
    assert not_uuid.status_code == 422
    assert error_codes(not_uuid) == [("invalid", "Idempotency-Key")]
    key = str(uuid.uuid4())
    assert work(supervisor_a, report, "accept", key).status_code == 200
    reused = work(supervisor_a, report, "reroute", key, reason="Bukan kami")
    assert reused.status_code == 422
    assert error_codes(reused) == [("invalid", "Idempotency-Key")]
    assert not report.events.filter(kind=EventKind.REROUTE).exists()


def test_the_same_key_from_two_users_is_two_actions_and_from_one_user_one(
    make_report: Any, operator: Any, supervisor_a: Any, supervisor_b: Any, agency_b: Any
) -> None:
    # A key is its sender's: two phones may well make the same id; each one's action is done.
    report = routed(make_report, operator, co_agencies=[agency_b])
    key = str(uuid.uuid4())
    first = work(supervisor_a, report, "accept", key)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first
    other = work(supervisor_b, report, "accept", key)
    assert other.status_code == 200 and "Idempotent-Replayed" not in other
    assert part(report, agency_b).accepted_at is not None
    again = work(supervisor_b, report, "accept", key)
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert Submission.objects.filter(client_id=key).count() == 2
    assert report.events.filter(kind=EventKind.ASSIGNED).count() == 1  # the co-agency's, once


# --- sign-in --------------------------------------------------------------------------------------


def test_a_token_made_with_the_command_works_the_job(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = routed(make_report, operator)
    out = io.StringIO()
    call_command("token", "create", "pengawas_a", "ponsel", stdout=out, stderr=io.StringIO())
    auth = bearer(out.getvalue().strip())
    client = Client(enforce_csrf_checks=True)  # a token needs no CSRF token
    listed = client.get(f"{API}/staff/assignments", headers=auth).json()["results"]
    assert [r["code"] for r in listed] == [report.code]
    accepted = client.post(
        f"{API}/staff/reports/{report.code}/accept",
        {},
        content_type="application/json",
        headers=auth,
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "dispatched"
    unsigned = Client().post(
        f"{API}/staff/reports/{report.code}/start", {}, content_type="application/json"
    )
    assert unsigned.status_code == 401
