"""The supervisor's screens: their agency's jobs only, accept, start, complete with proof."""

from __future__ import annotations

from django.test import Client
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
        reverse(f"field:{name}", args=[report.code]), {"version": report.version, **data}
    )


def test_it_sends_anonymous_users_to_login_and_refuses_operators(operator):
    assert Client().get(reverse("field:jobs")).status_code == 302
    assert login(operator).get(reverse("field:jobs")).status_code == 403


def test_it_lists_only_the_agencys_jobs(
    make_report, operator, supervisor_a, supervisor_b, streetlight, django_assert_max_num_queries
):
    road = routed(make_report, operator)
    light = routed(make_report, operator, category=streetlight, seed=2)
    client = login(supervisor_a)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("field:jobs")).content.decode()
    assert road.code in body and light.code not in body
    assert client.get(reverse("field:job", args=[light.code])).status_code == 404
    assert step(login(supervisor_b), "accept", road).status_code == 404
    assert Report.objects.get(pk=road.pk).status == Status.VERIFIED


def test_it_hides_the_reporters_contact_from_supervisors(make_report, operator, supervisor_a):
    report = routed(
        make_report, operator, contact=actions.ContactInput(name="Budi", phone="081234567890")
    )
    body = login(supervisor_a).get(reverse("field:job", args=[report.code])).content.decode()
    assert "081234567890" not in body and "Budi" not in body


def test_it_accepts_starts_and_completes_with_proof(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    client = login(supervisor_a)
    step(client, "accept", report)
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    step(client, "start", report)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    response = client.post(
        reverse("field:complete", args=[report.code]),
        {"version": report.version, "note": "Ditambal", "proof": [upload(make_image(seed=77))]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1


def test_it_refuses_the_reports_own_photo_as_proof(make_report, operator, supervisor_a):
    report = routed(make_report, operator, seed=5)
    client = login(supervisor_a)
    step(client, "accept", report)
    report.refresh_from_db()
    response = client.post(
        reverse("field:complete", args=[report.code]),
        {"version": report.version, "proof": [upload(make_image(seed=5))]},
    )
    assert response.status_code == 400 and "bukan foto laporan warga" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_it_refuses_completion_without_a_photo_or_with_a_bad_file(
    make_report, operator, supervisor_a
):
    report = routed(make_report, operator)
    client = login(supervisor_a)
    step(client, "accept", report)
    report.refresh_from_db()
    url = reverse("field:complete", args=[report.code])
    assert client.post(url, {"version": report.version}).status_code == 400
    bad = upload(b"GIF89a not really", name="x.jpg")
    response = client.post(url, {"version": report.version, "proof": [bad]})
    assert response.status_code == 400 and "bukan foto" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED
    assert not report.photos.filter(kind=PhotoKind.PROOF).exists()


def test_it_lets_the_lurah_work_reports_routed_to_the_kelurahan(
    make_report, operator, lurah, west_office
):
    report = make_report()
    actions.verify_report(report, by=operator, agency=west_office)
    step(login(lurah), "accept", report)
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED
