"""The citizen app's endpoints: categories, creating a report with photos, nearby duplicates,
support, "my reports", the public timeline, confirm, dispute and rate."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.org.models import ApiRequest, Application
from laksa.reports import actions
from laksa.reports.models import Channel, Photo, Report, ReportEvent
from laksa.reports.statuses import Status
from tests.api_helpers import API, error_codes, form, post_json
from tests.conftest import IN_EAST, IN_WEST
from tests.images import make_image, upload


def test_it_lists_categories_with_their_questions_as_open311_attributes(
    citizen: Client, pothole: Any, streetlight: Any
) -> None:
    response = citizen.get(f"{API}/categories", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    by_code = {c["code"]: c for c in response.json()["results"]}
    assert by_code["INF-JLN"]["name"] == "Damaged road"
    (question,) = by_code["INF-JLN"]["questions"]
    assert question["code"] == "ukuran"
    assert question["datatype"] == "singlevaluelist"
    assert question["required"] is True
    assert question["values"] == [
        {"key": "kecil", "name": "Small"},
        {"key": "besar", "name": "Large"},
    ]
    assert by_code["PJU-MTI"]["questions"] == []


def test_it_creates_a_report_with_photos_through_the_pipeline(
    citizen: Client, pothole: Any, west: Any, east: Any
) -> None:
    data = form(photos=[upload(make_image(seed=1)), upload(make_image(seed=2), "b.png")])
    response = citizen.post(f"{API}/reports", data)
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(code=body["code"])
    assert body["secret"] == report.secret
    assert body["private_url"].endswith(f"/r/{report.code}/{report.secret}/")
    assert report.channel == Channel.WEB
    assert report.answers == {"ukuran": "besar"}
    assert report.kelurahan == west
    assert Photo.objects.filter(report=report).count() == 2
    assert len(body["report"]["photos"]) == 2
    assert body["report"]["status"] == "new"


def test_it_marks_reports_sent_with_an_application_key_as_from_the_app(
    citizen: Client, city: Any, pothole: Any, west: Any, east: Any
) -> None:
    app, key = Application.create_with_key(city, "Aplikasi Warga")
    response = citizen.post(f"{API}/reports", form(), headers={"X-Api-Key": key})
    assert response.status_code == 201
    report = Report.objects.get(code=response.json()["code"])
    assert report.channel == Channel.APP
    assert report.application == app
    logged = ApiRequest.objects.get(application=app)
    assert (logged.method, logged.path, logged.status) == ("POST", f"{API}/reports", 201)


def test_it_refuses_a_wrong_application_key(citizen: Client, pothole: Any) -> None:
    response = citizen.get(f"{API}/categories", headers={"X-Api-Key": "salah"})
    assert response.status_code == 403
    assert error_codes(response) == [("forbidden", None)]


def test_it_returns_the_same_report_for_a_repeated_idempotency_key(
    citizen: Client, pothole: Any, west: Any, east: Any
) -> None:
    headers = {"Idempotency-Key": "5f0c6f3e-8a1b-4c2d-9e3f-0a1b2c3d4e5f"}
    first = citizen.post(f"{API}/reports", form(), headers=headers)
    again = citizen.post(f"{API}/reports", form(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert again.json()["secret"] == first.json()["secret"]
    assert Report.objects.count() == 1
    other_key = {"Idempotency-Key": "9d2e1f00-1111-4222-8333-444455556666"}
    other = citizen.post(f"{API}/reports", form(), headers=other_key)
    assert other.json()["code"] != first.json()["code"]


def test_it_gives_a_report_back_only_to_the_same_request_with_the_key(
    citizen: Client, pothole: Any, west: Any, east: Any
) -> None:
    headers = {"Idempotency-Key": "3b9c5a7e-2d4f-4e6a-8b1c-9d0e1f2a3b4c"}
    first = citizen.post(f"{API}/reports", form(), headers=headers)
    assert first.status_code == 201
    secret = first.json()["secret"]
    for changed in [
        form(description="Lampu mati di gang"),
        form(lat="-6.176"),
        form(category="INF-JLN", contact_phone="081200001111"),
        form(seed=4),  # another photo
        form(photos=[]),
    ]:
        replay = Client().post(f"{API}/reports", changed, headers=headers)
        assert replay.status_code == 422, replay.content
        assert error_codes(replay) == [("invalid", "Idempotency-Key")]
        assert secret not in replay.content.decode()
    not_uuid = citizen.post(f"{API}/reports", form(), headers={"Idempotency-Key": "kirim-1"})
    assert not_uuid.status_code == 422
    assert error_codes(not_uuid) == [("invalid", "Idempotency-Key")]
    assert Report.objects.count() == 1
    same = Client().post(f"{API}/reports", form(), headers=headers)
    assert same.status_code == 200
    assert same.json()["secret"] == secret


def test_it_refuses_bad_reports_with_error_objects(
    citizen: Client, pothole: Any, west: Any, east: Any, settings: Any
) -> None:
    cases = [
        (form(category="TIDAK-ADA"), ("invalid", "category")),
        (form(lat="-91"), ("invalid", "lat")),
        (form(lat="abc"), ("invalid", "lat")),
        (form(answers="{}"), ("invalid", "answers.ukuran")),
        (form(answers="[1]"), ("invalid", "answers")),
        (form(photos=[upload(b"bukan foto", "x.jpg")]), ("invalid", "photos")),
        (form(photos=[upload(make_image(seed=i)) for i in range(6)]), ("invalid", "photos")),
    ]
    for data, expected in cases:
        response = citizen.post(f"{API}/reports", data)
        assert response.status_code == 422, (data, response.content)
        assert expected in error_codes(response), response.json()
    settings.LAKSA_PHOTO_MAX_BYTES = 1000
    response = citizen.post(f"{API}/reports", form())
    assert response.status_code == 422
    assert "terlalu besar" in response.json()["errors"][0]["message"]
    assert Report.objects.count() == 0


def test_it_answers_in_the_request_language(citizen: Client, pothole: Any) -> None:
    response = citizen.post(
        f"{API}/reports", form(description="   "), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "A problem description is required."


def test_it_finds_nearby_open_reports_of_the_same_category(
    citizen: Client, make_report: Any, streetlight: Any
) -> None:
    near = make_report()
    make_report(at=IN_EAST, seed=2)  # about 1.1 km away
    make_report(category=streetlight, seed=3)
    response = citizen.get(
        f"{API}/reports/nearby", {"category": "INF-JLN", "lat": IN_WEST[0], "lng": IN_WEST[1]}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["code"] for r in results] == [near.code]
    assert results[0]["distance_m"] == 0
    assert results[0]["thumbnail_url"].endswith("-t.jpg")
    bad = citizen.get(f"{API}/reports/nearby", {"category": "INF-JLN", "lat": "x", "lng": "1"})
    assert bad.status_code == 422
    assert ("invalid", "lat") in error_codes(bad)


def test_it_counts_support_once_per_device(citizen: Client, make_report: Any) -> None:
    report = make_report()
    url = f"{API}/reports/{report.code}/support"
    first = post_json(citizen, url.removeprefix(API), {"device_id": "hp-1"})
    again = post_json(citizen, url.removeprefix(API), {"device_id": "hp-1"})
    other = post_json(citizen, url.removeprefix(API), {"device_id": "hp-2"})
    assert first.json() == {"counted": True, "support_count": 1}
    assert again.json() == {"counted": False, "support_count": 1}
    assert other.json() == {"counted": True, "support_count": 2}


def test_it_refuses_support_for_a_closed_or_unknown_report(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    report = make_report()
    actions.reject_report(report, by=operator, reason="Spam")
    closed = post_json(citizen, f"/reports/{report.code}/support", {})
    assert closed.status_code == 404  # a rejected report is gone from public view
    unknown = post_json(citizen, "/reports/UJI-0000-99999/support", {})
    assert unknown.status_code == 404
    assert error_codes(unknown) == [("not_found", None)]


def test_it_shows_a_public_timeline_without_internal_notes(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    report = make_report()
    actions.add_internal_note(report, by=operator, text="Catatan rahasia petugas")
    actions.verify_report(report, by=operator, internal_note="Rahasia juga")
    response = citizen.get(f"{API}/reports/{report.code}/timeline")
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["kind"] for e in events] == ["created", "routed"]
    assert "rahasia" not in response.content.decode().lower()


def test_it_hides_private_category_reports_from_the_public(
    citizen: Client, make_report: Any, pothole: Any
) -> None:
    pothole.public = False
    pothole.save()
    report = make_report()
    assert citizen.get(f"{API}/reports/{report.code}").status_code == 404
    assert citizen.get(f"{API}/reports/{report.code}/timeline").status_code == 404
    mine = post_json(
        citizen, "/reports/mine", {"reports": [{"code": report.code, "secret": report.secret}]}
    )
    assert [r["code"] for r in mine.json()["results"]] == [report.code]


def test_it_gives_my_reports_only_for_the_right_secrets(citizen: Client, make_report: Any) -> None:
    mine, other = make_report(), make_report(seed=2)
    response = post_json(
        citizen,
        "/reports/mine",
        {
            "reports": [
                {"code": mine.code, "secret": mine.secret},
                {"code": other.code, "secret": "tebakan"},
                {"code": "UJI-0000-00000", "secret": "x"},
            ]
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["code"] for r in body["results"]] == [mine.code]
    assert body["results"][0]["events"][0]["kind"] == "created"
    assert sorted(body["unknown"]) == sorted([other.code, "UJI-0000-00000"])


def test_it_never_shows_the_contact_or_internal_notes_to_citizens(
    citizen: Client, pothole: Any, west: Any, east: Any, operator: Any
) -> None:
    created = citizen.post(
        f"{API}/reports",
        form(contact_name="Budi Rahasia", contact_phone="081299998888", contact_email="budi@x.id"),
    )
    assert created.status_code == 201
    code, secret = created.json()["code"], created.json()["secret"]
    report = Report.objects.get(code=code)
    assert report.contact is not None and report.contact.phone == "081299998888"
    actions.add_internal_note(report, by=operator, text="Nomor pelapor sudah dihubungi")
    answers = [
        created,
        citizen.get(f"{API}/reports/{code}"),
        citizen.get(f"{API}/reports/{code}/timeline"),
        citizen.get(f"{API}/reports", {"status": "new"}),
        citizen.get(
            f"{API}/reports/nearby", {"category": "INF-JLN", "lat": "-6.175", "lng": "106.625"}
        ),
        post_json(citizen, "/reports/mine", {"reports": [{"code": code, "secret": secret}]}),
    ]
    for response in answers:
        assert response.status_code in (200, 201)
        text = response.content.decode()
        for secret_bit in ("Budi Rahasia", "081299998888", "budi@x.id", "sudah dihubungi"):
            assert secret_bit not in text, (response.request["PATH_INFO"], secret_bit)


def test_it_lets_the_reporter_confirm_and_rate_a_done_report(
    citizen: Client, done_report: Report
) -> None:
    report = done_report
    wrong = post_json(citizen, f"/reports/{report.code}/confirm", {"secret": "salah"})
    assert wrong.status_code == 404
    confirmed = post_json(citizen, f"/reports/{report.code}/confirm", {"secret": report.secret})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "closed"
    assert confirmed.json()["can_rate"] is True
    rated = post_json(
        citizen,
        f"/reports/{report.code}/rate",
        {"secret": report.secret, "stars": 4, "comment": "Cepat"},
    )
    assert rated.status_code == 200
    assert rated.json()["rating"] == 4
    report.refresh_from_db()
    assert (report.status, report.rating, report.rating_comment) == (Status.CLOSED, 4, "Cepat")
    again = post_json(citizen, f"/reports/{report.code}/confirm", {"secret": report.secret})
    assert again.status_code == 409
    assert error_codes(again) == [("illegal_transition", None)]


def test_it_lets_the_reporter_dispute_a_done_report(citizen: Client, done_report: Report) -> None:
    report = done_report
    empty = post_json(
        citizen, f"/reports/{report.code}/dispute", {"secret": report.secret, "reason": " "}
    )
    assert empty.status_code == 422
    response = post_json(
        citizen,
        f"/reports/{report.code}/dispute",
        {"secret": report.secret, "reason": "Masih berlubang"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "dispatched"
    assert ReportEvent.objects.filter(report=report, data__disputed=True).count() == 1


def test_it_refuses_to_dispute_or_rate_before_the_work_is_done(
    citizen: Client, make_report: Any, operator: Any
) -> None:
    report = make_report()
    actions.verify_report(report, by=operator)
    disputed = post_json(
        citizen, f"/reports/{report.code}/dispute", {"secret": report.secret, "reason": "Belum"}
    )
    assert disputed.status_code == 409
    rated = post_json(
        citizen, f"/reports/{report.code}/rate", {"secret": report.secret, "stars": 5}
    )
    assert rated.status_code == 409
    out_of_range = post_json(
        citizen, f"/reports/{report.code}/rate", {"secret": report.secret, "stars": 9}
    )
    assert out_of_range.status_code == 422
    assert ("invalid", "stars") in error_codes(out_of_range)
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_a_nul_byte_anywhere_is_invalid_input_not_a_server_error(
    city: Any, pothole: Any, west: Any, east: Any
) -> None:
    from django.test import Client

    client = Client()
    mine = client.post(
        "/api/v1/reports/mine",
        data='{"reports": [{"code": "A\\u0000", "secret": "x"}]}',
        content_type="application/json",
    )
    assert mine.status_code == 422 and mine.json()["errors"][0]["code"] == "invalid"
    assert client.get("/api/v1/reports/UJI%00").status_code == 422
    assert client.get("/api/v1/reports?status=new%00").status_code == 422
    form_nul = client.post(f"{API}/reports", form(description="Lubang\x00"))
    assert form_nul.status_code == 422 and form_nul.json()["errors"][0]["code"] == "invalid"
    assert Report.objects.count() == 0


def test_it_asks_for_json_where_an_endpoint_takes_json(
    citizen: Client, done_report: Report
) -> None:
    report = done_report
    bodies = {
        f"/reports/{report.code}/support": {"device_id": "hp-1"},
        "/reports/mine": {"reports": report.code},
        f"/reports/{report.code}/confirm": {"secret": report.secret},
        f"/reports/{report.code}/dispute": {"secret": report.secret, "reason": "Belum"},
        f"/reports/{report.code}/rate": {"secret": report.secret, "stars": "5"},
    }
    for path, data in bodies.items():
        answers = [
            citizen.post(API + path, data),  # multipart, the test client's default
            citizen.post(API + path),  # an empty multipart body
            citizen.post(API + path, "stars=5", content_type="application/x-www-form-urlencoded"),
        ]
        for response in answers:
            assert response.status_code == 415, (path, response.content)
            assert error_codes(response) == [("unsupported_media_type", None)]
            assert "application/json" in response.json()["errors"][0]["message"]
    report.refresh_from_db()
    assert (report.status, report.support_count, report.rating) == (Status.DONE, 0, None)
    mine = post_json(citizen, "/reports/mine", {"reports": []})
    assert mine.status_code == 200


def test_it_names_the_agency_only_once_the_live_room_has_routed_it(
    citizen: Client, make_report: Any, operator: Any, agency_a: Any
) -> None:
    """A new report is nobody's yet: it says where it will go, not who handles it."""
    report = make_report()
    new = citizen.get(f"{API}/reports/{report.code}").json()
    assert (new["agency"], new["agency_to_come"]) == (None, agency_a.name)
    actions.verify_report(report, by=operator)
    routed = citizen.get(f"{API}/reports/{report.code}").json()
    assert (routed["agency"], routed["agency_to_come"]) == (agency_a.name, None)


def test_it_refuses_an_updated_since_past_the_calendar_as_the_field_s_422(
    citizen: Client, city: Any
) -> None:
    for when in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"):
        response = citizen.get(f"{API}/reports", {"updated_since": when})
        assert response.status_code == 422
        assert error_codes(response) == [("invalid", "updated_since")]


@pytest.fixture
def more_questions(pothole: Any) -> Any:
    from laksa.catalog.models import Datatype, Question

    for code, datatype in [("catatan", Datatype.TEXT), ("jalan", Datatype.STRING),
                           ("lebar", Datatype.NUMBER), ("kapan", Datatype.DATETIME)]:  # fmt: skip
        Question.objects.create(
            category=pothole, code=code, datatype=datatype, required=False,
            prompt_id=code, prompt_en=code,
        )  # fmt: skip
    return pothole


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ('"kapan": "9999-12-31T23:59:59-23:00"', "answers.kapan"),
        ('"kapan": "0001-01-01T00:00:00+23:00"', "answers.kapan"),
        ('"catatan": {"a": 1}', "answers.catatan"),
        ('"jalan": ["x", {"b": 2}]', "answers.jalan"),
        ('"ukuran": {"besar": 1}', "answers.ukuran"),
        ('"lebar": true', "answers.lebar"),
        ('"lebar": "1e999"', "answers.lebar"),
        ('"lebar": NaN', "answers.lebar"),
        ('"lebar": ' + "9" * 400, "answers.lebar"),
        ('"catatan": "a\\ud800b"', "answers.catatan"),
        ('"kapan": {"x": 1}', "answers.kapan"),
    ],
)
def test_it_refuses_an_answer_its_question_cannot_hold_as_the_answer_s_422(
    citizen: Client, more_questions: Any, west: Any, east: Any, answer: str, field: str
) -> None:
    response = citizen.post(f"{API}/reports", form(answers='{"ukuran": "besar", ' + answer + "}"))
    assert response.status_code == 422, response.content
    assert ("invalid", field) in error_codes(response)
    assert Report.objects.count() == 0


def test_it_keeps_answers_of_the_right_json_type(
    citizen: Client, more_questions: Any, west: Any, east: Any
) -> None:
    answers = '{"ukuran": "besar", "catatan": "dekat pasar", "lebar": 2, "kapan": "2026-11-28T08:00:00+07:00"}'
    response = citizen.post(f"{API}/reports", form(answers=answers))
    assert response.status_code == 201, response.content
    report = Report.objects.get(code=response.json()["code"])
    assert report.answers == {"ukuran": "besar", "catatan": "dekat pasar", "lebar": 2.0,
                              "kapan": "2026-11-28T08:00:00+07:00"}  # fmt: skip
    # A number given for a text is the text it stands for, as a form would read it.
    answers = '{"ukuran": "besar", "jalan": 12, "lebar": "2.5"}'
    response = citizen.post(f"{API}/reports", form(answers=answers))
    assert response.status_code == 201, response.content
    report = Report.objects.get(code=response.json()["code"])
    assert report.answers["jalan"] == "12" and report.answers["lebar"] == 2.5
