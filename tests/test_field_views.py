"""The supervisor's screens: their agency's jobs only, accept, start, complete with proof."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laksa.reports import actions
from laksa.reports.models import PhotoKind, Report
from laksa.reports.statuses import Status
from tests.conftest import login
from tests.images import make_image, upload


def routed(make_report, operator, **kwargs):
    report = make_report(**kwargs)
    actions.verify_report(report, by=operator)
    return report


def step(client, name, report, **data):
    return client.post(
        reverse("field:act", args=[report.code, name]), {"version": report.version, **data}
    )


def complete(client, report, *files, note="", follow=False):
    return client.post(
        reverse("field:act", args=[report.code, "complete"]),
        {"version": report.version, "note": note, "proof": list(files)},
        follow=follow,
    )


def accepted(make_report, operator, supervisor, **kwargs):
    report = routed(make_report, operator, **kwargs)
    actions.accept_job(report, by=supervisor)
    report.refresh_from_db()
    return report


@pytest.fixture
def no_role(db) -> User:
    return User.objects.create_user("warga", password="rahasia-uji-123")


def test_it_sends_anonymous_users_to_login(make_report, operator):
    report = routed(make_report, operator)
    for url in (reverse("field:jobs"), reverse("field:report", args=[report.code])):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    response = step(Client(), "accept", report)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert Report.objects.get(pk=report.pk).status == Status.VERIFIED


@pytest.mark.parametrize("persona", ["operator", "no_role"])
def test_it_refuses_users_who_handle_no_agency(request, persona, make_report, operator):
    report = routed(make_report, operator)
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("field:jobs")).status_code == 403
    assert client.get(reverse("field:report", args=[report.code])).status_code == 403
    assert step(client, "accept", report).status_code == 403
    assert Report.objects.get(pk=report.pk).status == Status.VERIFIED


def test_it_lists_only_the_agencys_jobs(
    make_report, operator, supervisor_a, supervisor_b, streetlight
):
    road = routed(make_report, operator)
    light = routed(make_report, operator, category=streetlight, seed=2)
    waiting = make_report(seed=3)  # not verified yet: not a job
    body = login(supervisor_a).get(reverse("field:jobs")).content.decode()
    assert road.code in body and light.code not in body and waiting.code not in body
    body = login(supervisor_b).get(reverse("field:jobs")).content.decode()
    assert light.code in body and road.code not in body


def test_it_lists_jobs_in_the_same_number_of_queries_however_many(
    make_report, operator, supervisor_a, django_assert_num_queries
):
    routed(make_report, operator, seed=1)
    client = login(supervisor_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("field:jobs")).status_code == 200
    for seed in range(2, 14):
        if seed % 2:
            accepted(make_report, operator, supervisor_a, seed=seed)
        else:
            routed(make_report, operator, seed=seed)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(reverse("field:jobs")).content.decode()
    assert body.count("/foto/") == 13


def test_it_hides_another_agencys_report_and_changes_nothing(
    make_report, operator, supervisor_a, supervisor_b
):
    report = routed(make_report, operator)
    client = login(supervisor_b)
    assert client.get(reverse("field:report", args=[report.code])).status_code == 404
    assert step(client, "accept", report).status_code == 404
    actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    assert step(client, "start", report).status_code == 404
    assert complete(client, report, upload(make_image(seed=60))).status_code == 404
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    assert not report.photos.filter(kind=PhotoKind.PROOF).exists()


def test_it_hides_the_reporters_contact_from_supervisors(make_report, operator, supervisor_a):
    report = routed(
        make_report,
        operator,
        contact=actions.ContactInput(name="Budi", phone="081234567890", email="budi@contoh.id"),
    )
    body = login(supervisor_a).get(reverse("field:report", args=[report.code])).content.decode()
    assert "081234567890" not in body and "Budi" not in body and "budi@contoh.id" not in body
    assert "Lubang besar di depan sekolah" in body


def test_it_accepts_starts_and_completes_with_proof(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    client = login(supervisor_a)
    body = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Terima / tanggapi" in body and "Selesai dengan bukti" not in body
    response = step(client, "accept", report)
    assert response["Location"] == reverse("field:report", args=[report.code])
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    body = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Mulai kerjakan" in body and "Selesai dengan bukti" in body
    assert 'capture="environment"' in body and 'accept="image/*"' in body and "multiple" in body
    step(client, "start", report)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    response = complete(client, report, upload(make_image(seed=77)), note="Ditambal")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert report.events.last().public_note == "Ditambal"
    body = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Foto bukti" in body and "Selesai dengan bukti" not in body


def test_it_completes_straight_from_accepted_with_several_photos(
    make_report, operator, supervisor_a
):
    report = accepted(make_report, operator, supervisor_a)
    complete(login(supervisor_a), report, upload(make_image(seed=70)), upload(make_image(seed=71)))
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 2


def test_it_refuses_a_stale_step(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    stale = report.version
    client = login(supervisor_a)
    step(client, "accept", report)
    response = client.post(
        reverse("field:act", args=[report.code, "start"]), {"version": stale}, follow=True
    )
    assert "sudah diubah orang lain" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_it_refuses_a_stale_completion(make_report, operator, supervisor_a):
    report = accepted(make_report, operator, supervisor_a)
    stale_version = report.version
    actions.start_job(report, by=supervisor_a)
    client = login(supervisor_a)
    response = client.post(
        reverse("field:act", args=[report.code, "complete"]),
        {"version": stale_version, "proof": [upload(make_image(seed=80))]},
        follow=True,
    )
    assert "sudah diubah orang lain" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert not report.photos.filter(kind=PhotoKind.PROOF).exists()


def test_it_refuses_the_reports_own_photo_as_proof(make_report, operator, supervisor_a):
    report = accepted(make_report, operator, supervisor_a, seed=5)
    client = login(supervisor_a)
    response = complete(client, report, upload(make_image(seed=5)))
    assert response["Location"] == reverse("field:report", args=[report.code])
    body = client.get(response["Location"]).content.decode()
    assert "sama dengan foto laporan warga" in body
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_it_refuses_a_proof_taken_before_dispatch(make_report, operator, supervisor_a):
    report = accepted(make_report, operator, supervisor_a)
    old = upload(make_image(seed=81, taken_at=datetime(2020, 1, 2, 8, 0)))
    response = complete(login(supervisor_a), report, old, follow=True)
    assert "sebelum pekerjaan ditugaskan" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"GIF89a not really", "x.jpg", "bukan foto"),
        (b"<svg onload=alert(1)></svg>", "x.svg", "bukan foto"),
        (b"", "kosong.jpg", "kosong"),
        (make_image(seed=3)[:400], "potong.jpg", "rusak"),
    ],
)
def test_it_refuses_a_hostile_upload_and_stores_nothing(
    make_report, operator, supervisor_a, data, name, message
):
    report = accepted(make_report, operator, supervisor_a)
    good = upload(make_image(seed=82))
    response = complete(login(supervisor_a), report, good, upload(data, name=name))
    assert response.status_code == 400 and message in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    assert not report.photos.filter(kind=PhotoKind.PROOF).exists()


def test_it_refuses_oversized_photos(make_report, operator, supervisor_a, settings):
    report = accepted(make_report, operator, supervisor_a)
    client = login(supervisor_a)
    settings.LAKSA_PHOTO_MAX_PIXELS = 100_000
    response = complete(client, report, upload(make_image(seed=83, size=(800, 600))))
    assert response.status_code == 400 and "piksel" in response.content.decode()
    settings.LAKSA_PHOTO_MAX_PIXELS = 40_000_000
    settings.LAKSA_PHOTO_MAX_BYTES = 1000
    response = complete(client, report, upload(make_image(seed=84)))
    assert response.status_code == 400
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_it_refuses_completion_without_a_photo_or_with_too_many(
    make_report, operator, supervisor_a
):
    report = accepted(make_report, operator, supervisor_a)
    client = login(supervisor_a)
    response = complete(client, report)
    assert response.status_code == 400 and "minimal satu foto" in response.content.decode()
    six = [upload(make_image(seed=s)) for s in range(100, 106)]
    response = complete(client, report, *six)
    assert response.status_code == 400 and "Paling banyak" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED
    assert not report.photos.filter(kind=PhotoKind.PROOF).exists()


def test_it_lets_the_lurah_work_reports_routed_to_the_kelurahan(
    make_report, operator, lurah, west_office
):
    report = make_report()
    actions.verify_report(report, by=operator, agency=west_office)
    client = login(lurah)
    assert report.code in client.get(reverse("field:jobs")).content.decode()
    step(client, "accept", report)
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


@pytest.mark.parametrize("name", ["accept", "start", "complete"])
def test_it_answers_get_on_an_action_with_405(make_report, operator, supervisor_a, name):
    report = routed(make_report, operator)
    response = login(supervisor_a).get(reverse("field:act", args=[report.code, name]))
    assert response.status_code == 405


def test_it_offers_in_the_menu_only_the_screens_of_the_users_role(
    make_report, operator, supervisor_a
):
    report = routed(make_report, operator)
    body = login(supervisor_a).get(reverse("field:report", args=[report.code])).content.decode()
    assert reverse("field:jobs") in body and f'href="{reverse("console:queue")}"' not in body
    body = login(operator).get(reverse("console:queue")).content.decode()
    assert reverse("console:queue") in body and reverse("field:jobs") not in body


def test_the_phones_capture_time_and_place_reach_the_proof_checks(
    supervisor_a, operator, make_report
):
    import json

    from django.utils import timezone

    from laksa.reports.models import PhotoKind
    from tests.conftest import IN_WEST

    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    client = login(supervisor_a)
    far = json.dumps(
        [{"time": timezone.now().isoformat(), "lat": IN_WEST[0] + 0.01, "lng": IN_WEST[1]}]
    )
    refused = client.post(
        reverse("field:act", args=[report.code, "complete"]),
        {"version": report.version, "proof": [upload(make_image(seed=7))], "capture": far},
        follow=True,
    )
    assert "m dari lokasi laporan" in refused.content.decode()
    near = json.dumps([{"time": timezone.now().isoformat(), "lat": IN_WEST[0], "lng": IN_WEST[1]}])
    client.post(
        reverse("field:act", args=[report.code, "complete"]),
        {"version": report.version, "proof": [upload(make_image(seed=7))], "capture": near},
    )
    stored = report.photos.get(kind=PhotoKind.PROOF)
    assert stored.location_source == "device" and stored.distance_m < 5


def test_junk_capture_data_is_ignored(supervisor_a, operator, make_report):
    from laksa.reports.proof import captures_from_json as parse_captures

    assert parse_captures("not json") == []
    assert parse_captures('[{"time": "kemarin", "lat": "NaN", "lng": 1e999}]')[0].device_lat is None
    assert parse_captures('{"a": 1}') == []
    assert parse_captures("[" * 3000) == []  # deeper than the JSON parser goes
    assert parse_captures('[{"time": "2026-13-45T10:00:00+07:00"}]')[0].device_time is None
