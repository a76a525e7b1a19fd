"""Staff endpoints: queue and report scoped by role, every lifecycle action with its version,
events since an id, session with CSRF or personal token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.api.models import PersonalToken
from laksa.reports import actions
from laksa.reports.models import Priority, Report, ReporterContact
from laksa.reports.statuses import Status
from tests.api_helpers import API, bearer, error_codes, post_json
from tests.conftest import IN_EAST, login
from tests.images import make_image, upload


def token_for(user: Any) -> dict[str, str]:
    name = f"uji-{PersonalToken.objects.filter(user=user).count()}"
    _token, key = PersonalToken.create_with_key(user, name)
    return bearer(key)


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


def test_it_asks_for_a_login_or_token(citizen: Client, city: Any) -> None:
    response = citizen.get(f"{API}/staff/reports")
    assert response.status_code == 401
    assert error_codes(response) == [("unauthenticated", None)]
    wrong = citizen.get(f"{API}/staff/reports", headers=bearer("lks_salah"))
    assert wrong.status_code == 401
    assert error_codes(wrong) == [("invalid_token", None)]


def test_it_refuses_a_signed_in_user_without_a_staff_role(
    city: Any, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_user("warga", password="x-rahasia-123")
    response = login(user).get(f"{API}/staff/reports")
    assert response.status_code == 403


def test_it_scopes_the_queue_by_role(
    make_report: Any,
    streetlight: Any,
    operator: Any,
    supervisor_a: Any,
    supervisor_b: Any,
    lurah: Any,
    admin_user: Any,
) -> None:
    road_west = make_report()
    road_east = make_report(at=IN_EAST, seed=2)
    light_west = make_report(category=streetlight, seed=3)
    everything = {road_west.code, road_east.code, light_west.code}
    for user, expected in [
        (operator, everything),
        (admin_user, everything),
        (supervisor_a, {road_west.code, road_east.code}),
        (supervisor_b, {light_west.code}),
        (lurah, {road_west.code, light_west.code}),
    ]:
        client = Client()
        assert set(codes(client.get(f"{API}/staff/reports", headers=token_for(user)))) == expected
    hidden = Client().get(f"{API}/staff/reports/{light_west.code}", headers=token_for(supervisor_a))
    assert hidden.status_code == 404


def test_it_filters_and_pages_the_queue_by_cursor(
    make_report: Any, streetlight: Any, operator: Any, west: Any
) -> None:
    reports = [make_report(seed=i) for i in range(5)]
    make_report(category=streetlight, at=IN_EAST, seed=9)
    auth = token_for(operator)
    client = Client()
    seen, cursor = [], None
    while True:
        params = {"category": "INF-JLN", "limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(f"{API}/staff/reports", params, headers=auth)
        seen += codes(response)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [r.code for r in reversed(reports)]
    in_box = client.get(f"{API}/staff/reports", {"bbox": "106.62,-6.18,106.63,-6.17"}, headers=auth)
    assert set(codes(in_box)) == {r.code for r in reports}
    by_area = client.get(f"{API}/staff/reports", {"area": west.code}, headers=auth)
    assert set(codes(by_area)) == {r.code for r in reports}
    by_agency = client.get(f"{API}/staff/reports", {"agency": "DISHUB"}, headers=auth)
    assert len(codes(by_agency)) == 1
    later = client.get(
        f"{API}/staff/reports", {"updated_since": "2999-01-01T00:00:00+07:00"}, headers=auth
    )
    assert codes(later) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "106.7,-6.1,106.6,-6.2"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"bbox": "-200,0,1,1"}, "bbox"),
        ({"status": "terbang"}, "status"),
        ({"category": "TIDAK-ADA"}, "category"),
        ({"area": "00"}, "area"),
        ({"agency": "NONE"}, "agency"),
        ({"updated_since": "kemarin"}, "updated_since"),
        ({"updated_since": "2026-01-01T00:00:00"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-23:59"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+23:59"}, "updated_since"),
        ({"cursor": "!!!"}, "cursor"),
        ({"cursor": "eDox"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": "x"}, "limit"),
    ],
)
def test_it_refuses_bad_filters(operator: Any, pothole: Any, params: Any, field: str) -> None:
    response = Client().get(f"{API}/staff/reports", params, headers=token_for(operator))
    assert response.status_code == 422
    assert ("invalid", field) in error_codes(response)


def test_it_shows_the_full_history_and_the_contact_to_operators_only(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    contact = actions.ContactInput(name="Budi", phone="081299998888")
    report = make_report(contact=contact)
    actions.add_internal_note(report, by=operator, text="Sudah ditelepon")
    as_operator = Client().get(f"{API}/staff/reports/{report.code}", headers=token_for(operator))
    assert as_operator.status_code == 200
    body = as_operator.json()
    assert body["contact"]["phone"] == "081299998888"
    assert [e["internal_note"] for e in body["events"]][-1] == "Sudah ditelepon"
    assert body["version"] == 0
    as_supervisor = Client().get(
        f"{API}/staff/reports/{report.code}", headers=token_for(supervisor_a)
    )
    assert as_supervisor.json()["contact"] is None
    assert "081299998888" not in as_supervisor.content.decode()
    assert ReporterContact.objects.count() == 1


def test_it_verifies_with_co_agencies_and_refuses_a_stale_version(
    make_report: Any, operator: Any, agency_b: Any, west_office: Any
) -> None:
    report = make_report()
    client, auth = Client(), token_for(operator)
    url = f"/reports/{report.code}/verify"
    response = post_json(
        client, "/staff" + url, {"expected_version": 0, "co_agencies": ["DISHUB"]}, **auth
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["agency_code"], body["co_agencies"]) == (
        "verified",
        "DPUPR",
        ["DISHUB"],
    )
    stale = post_json(client, "/staff" + url, {"expected_version": 0, "agency": "DISHUB"}, **auth)
    assert stale.status_code == 409
    assert error_codes(stale) == [("stale", None)]
    unknown = post_json(client, "/staff" + url, {"expected_version": 1, "agency": "NOPE"}, **auth)
    assert unknown.status_code == 422
    assert error_codes(unknown) == [("invalid", "agency")]
    rerouted = post_json(
        client, "/staff" + url, {"expected_version": 1, "agency": west_office.code}, **auth
    )
    assert rerouted.json()["agency_code"] == west_office.code
    report.refresh_from_db()
    assert report.version == 2


def test_it_refuses_triage_to_a_supervisor(make_report: Any, supervisor_a: Any) -> None:
    report = make_report()
    response = post_json(
        Client(),
        f"/staff/reports/{report.code}/verify",
        {"expected_version": 0},
        **token_for(supervisor_a),
    )
    assert response.status_code == 403
    assert error_codes(response) == [("forbidden", None)]


def test_it_rejects_merges_refers_and_sets_priority(
    make_report: Any, operator: Any, pln: Any
) -> None:
    first, second, third, fourth = (make_report(seed=i) for i in range(4))
    client, auth = Client(), token_for(operator)
    rejected = post_json(
        client,
        f"/staff/reports/{first.code}/reject",
        {"expected_version": 0, "reason": "Spam"},
        **auth,
    )
    assert rejected.json()["status"] == "rejected"
    merged = post_json(
        client,
        f"/staff/reports/{second.code}/merge",
        {"expected_version": 0, "into": third.code},
        **auth,
    )
    assert (merged.json()["status"], merged.json()["duplicate_of"]) == ("duplicate", third.code)
    missing = post_json(
        client, f"/staff/reports/{third.code}/merge", {"expected_version": 0, "into": "X"}, **auth
    )
    assert error_codes(missing) == [("invalid", "into")]
    referred = post_json(
        client, f"/staff/reports/{fourth.code}/refer", {"expected_version": 0, "to": "PLN"}, **auth
    )
    assert (referred.json()["status"], referred.json()["referred_to"]) == ("referred", "PLN")
    urgent = post_json(
        client,
        f"/staff/reports/{third.code}/priority",
        {"expected_version": 0, "priority": 2},
        **auth,
    )
    assert urgent.json()["priority"] == Priority.URGENT
    bad = post_json(
        client,
        f"/staff/reports/{third.code}/priority",
        {"expected_version": 1, "priority": 7},
        **auth,
    )
    assert bad.status_code == 422
    closed = post_json(
        client,
        f"/staff/reports/{first.code}/reject",
        {"expected_version": 1, "reason": "Lagi"},
        **auth,
    )
    assert closed.status_code == 409
    assert error_codes(closed) == [("illegal_transition", None)]


def test_it_replies_and_notes(make_report: Any, operator: Any, citizen: Client) -> None:
    report = make_report()
    client, auth = Client(), token_for(operator)
    replied = post_json(
        client,
        f"/staff/reports/{report.code}/reply",
        {"expected_version": 0, "text": "Segera kami cek"},
        **auth,
    )
    assert replied.status_code == 200
    noted = post_json(
        client, f"/staff/reports/{report.code}/notes", {"text": "Hanya untuk staf"}, **auth
    )
    assert noted.json()["events"][-1]["internal_note"] == "Hanya untuk staf"
    public = citizen.get(f"{API}/reports/{report.code}/timeline").json()["events"]
    assert [e["note"] for e in public][-1] == "Segera kami cek"
    assert "Hanya untuk staf" not in str(public)


def test_it_takes_a_job_from_accept_to_done_with_proof_photos(
    make_report: Any, operator: Any, supervisor_a: Any, supervisor_b: Any
) -> None:
    report = make_report()
    actions.verify_report(report, by=operator)
    client, auth = Client(), token_for(supervisor_a)
    assert codes(client.get(f"{API}/staff/assignments", headers=auth)) == [report.code]
    other = post_json(
        Client(),
        f"/staff/reports/{report.code}/accept",
        {"expected_version": 1},
        **token_for(supervisor_b),
    )
    assert other.status_code == 404  # outside their agency: not even visible
    stale = post_json(
        client, f"/staff/reports/{report.code}/accept", {"expected_version": 0}, **auth
    )
    assert error_codes(stale) == [("stale", None)]
    dispatched = post_json(
        client, f"/staff/reports/{report.code}/accept", {"expected_version": 1}, **auth
    )
    assert dispatched.json()["status"] == "dispatched"
    started = post_json(
        client,
        f"/staff/reports/{report.code}/start",
        {"expected_version": 2, "note": "Tim tiba"},
        **auth,
    )
    assert started.json()["status"] == "in_progress"
    url = f"{API}/staff/reports/{report.code}/complete"
    no_photo = client.post(url, {"expected_version": 3}, headers=auth)
    assert no_photo.status_code == 422
    broken = client.post(url, {"expected_version": 3, "photos": [upload(b"xx")]}, headers=auth)
    assert error_codes(broken) == [("invalid", "photos")]
    done = client.post(
        url, {"expected_version": 3, "photos": [upload(make_image(seed=50))]}, headers=auth
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert [p["kind"] for p in done.json()["photos"]] == ["before", "proof"]
    assert codes(client.get(f"{API}/staff/assignments", headers=auth)) == []


def test_it_returns_a_job_and_accepts_proof(done_report: Report, operator: Any) -> None:
    report = done_report
    client, auth = Client(), token_for(operator)
    accepted = post_json(client, f"/staff/reports/{report.code}/accept-proof", {}, **auth)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["proof_location"] == "accepted"
    returned = post_json(
        client,
        f"/staff/reports/{report.code}/return",
        {"expected_version": report.version, "reason": "Foto buram"},
        **auth,
    )
    assert returned.json()["status"] == "dispatched"


def test_it_needs_csrf_for_writes_with_a_session(make_report: Any, operator: Any) -> None:
    report = make_report()
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.get(f"{API}/staff/reports").status_code == 200
    url = f"{API}/staff/reports/{report.code}/notes"
    refused = client.post(url, {"text": "x"}, content_type="application/json")
    assert refused.status_code == 403
    client.get("/masuk/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        url, {"text": "x"}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert allowed.status_code == 200


def test_it_gives_events_since_an_id_in_scope_only(
    make_report: Any, streetlight: Any, operator: Any, supervisor_b: Any
) -> None:
    road = make_report()
    light = make_report(category=streetlight, seed=2)
    actions.add_internal_note(light, by=operator, text="Cek kabel")
    client = Client()
    everything = client.get(f"{API}/staff/events", {"after": 0}, headers=token_for(operator)).json()
    assert [e["code"] for e in everything["events"]] == [road.code, light.code, light.code]
    assert everything["events"][-1]["internal_note"] == "Cek kabel"
    scoped = client.get(f"{API}/staff/events", {"after": 0}, headers=token_for(supervisor_b)).json()
    assert [e["code"] for e in scoped["events"]] == [light.code, light.code]
    assert scoped["last_id"] == everything["last_id"]
    later = client.get(
        f"{API}/staff/events", {"after": scoped["last_id"]}, headers=token_for(supervisor_b)
    ).json()
    assert later == {"events": [], "last_id": scoped["last_id"]}
    assert "contact" not in str(everything)


def test_it_keeps_only_a_hash_of_a_token_and_honours_revocation(
    make_report: Any, operator: Any
) -> None:
    token, key = PersonalToken.create_with_key(operator, "ponsel")
    assert key not in {token.key_hash, token.key_prefix}
    client = Client()
    assert client.get(f"{API}/staff/reports", headers=bearer(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.revoked = True
    token.save(update_fields=["revoked"])
    assert client.get(f"{API}/staff/reports", headers=bearer(key)).status_code == 401


def test_it_ignores_a_report_of_another_kind_of_status(make_report: Any, operator: Any) -> None:
    report = make_report()
    response = post_json(
        Client(),
        f"/staff/reports/{report.code}/start",
        {"expected_version": 0},
        **token_for(operator),
    )
    assert response.status_code == 403  # operators do not work jobs
    assert Report.objects.get(pk=report.pk).status == Status.NEW


def test_it_asks_for_json_where_a_staff_action_takes_json(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = make_report()
    client, auth = Client(), token_for(operator)
    for action, data in [
        ("reject", {"expected_version": "0", "reason": "Spam"}),
        ("notes", {"text": "Catatan"}),
        ("verify", {"expected_version": "0"}),
    ]:
        multipart = client.post(f"{API}/staff/reports/{report.code}/{action}", data, headers=auth)
        assert multipart.status_code == 415, (action, multipart.content)
        assert error_codes(multipart) == [("unsupported_media_type", None)]
    actions.verify_report(report, by=operator)
    accept = Client().post(
        f"{API}/staff/reports/{report.code}/accept", headers=token_for(supervisor_a)
    )
    assert accept.status_code == 415
    report.refresh_from_db()
    assert report.status == Status.VERIFIED
    assert not report.events.filter(internal_note="Catatan").exists()


def test_it_does_a_staff_action_once_per_idempotency_key(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = make_report()
    client, auth = Client(), token_for(operator)
    key = {"Idempotency-Key": "0b8a4cbe-9d43-4a52-a3b7-5a0b8f2c6e11"}
    url = f"/staff/reports/{report.code}/notes"
    first = post_json(client, url, {"text": "Sudah ditelepon"}, **auth, **key)
    again = post_json(client, url, {"text": "Sudah ditelepon"}, **auth, **key)
    assert (first.status_code, again.status_code) == (200, 200), again.content
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert report.events.filter(internal_note="Sudah ditelepon").count() == 1
    assert first.json()["events"] == again.json()["events"]
    # A refusal is kept and answered as without a key; the key cannot be used for another action.
    reject_key = {"Idempotency-Key": "7c1e1c3e-6f1a-4c59-9d1f-2f7a8e0d9b21"}
    stale = [
        post_json(
            client,
            f"/staff/reports/{report.code}/reject",
            {"expected_version": 9, "reason": "Spam"},
            **auth,
            **extra,
        )
        for extra in (reject_key, reject_key, {})
    ]
    assert [s.status_code for s in stale] == [409, 409, 409]
    assert stale[0].json() == stale[1].json() == stale[2].json()
    assert stale[1]["Idempotent-Replayed"] == "true"
    reused = post_json(
        client,
        f"/staff/reports/{report.code}/reply",
        {"expected_version": 0, "text": "Halo"},
        **auth,
        **key,
    )
    assert reused.status_code == 422
    assert error_codes(reused) == [("invalid", "Idempotency-Key")]
    not_uuid = post_json(client, url, {"text": "Lagi"}, **auth, **{"Idempotency-Key": "satu"})
    assert error_codes(not_uuid) == [("invalid", "Idempotency-Key")]
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert not report.events.filter(public_note="Halo").exists()
