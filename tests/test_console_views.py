"""The operator's screens: who may open them, and each action through a POST."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laksa.reports.models import EventKind, Report
from laksa.reports.statuses import Status
from tests.conftest import login


def post(client, name, report, **data):
    return client.post(
        reverse(f"console:{name}", args=[report.code]), {"version": report.version, **data}
    )


def test_it_sends_anonymous_users_to_login(make_report):
    report = make_report()
    for url in (reverse("console:queue"), reverse("console:report", args=[report.code])):
        response = __import__("django.test", fromlist=["Client"]).Client().get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_it_refuses_a_supervisor(supervisor_a, make_report):
    client = login(supervisor_a)
    assert client.get(reverse("console:queue")).status_code == 403
    report = make_report()
    assert (
        post(
            client, "verify", report, category=report.category_id, agency=report.agency_id
        ).status_code
        == 403
    )
    assert Report.objects.get(pk=report.pk).status == Status.NEW


def test_it_lists_new_reports_first_with_a_fixed_number_of_queries(
    operator, make_report, django_assert_max_num_queries
):
    from laksa.reports import actions

    verified = make_report(seed=1)
    actions.verify_report(verified, by=operator)
    fresh = make_report(seed=2)
    client = login(operator)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("console:queue")).content.decode()
    assert body.index(fresh.code) < body.index(verified.code)
    for i in range(3, 15):
        make_report(seed=i)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("console:queue")).status_code == 200


def test_it_shows_the_contact_to_operators_but_not_for_anonymous_reports(operator, make_report):
    from laksa.reports.actions import ContactInput

    named = make_report(contact=ContactInput(name="Budi Rahasia", phone="081234567890"))
    hidden = make_report(
        seed=2, contact=ContactInput(name="Siti Anonim", phone="089999999999"), anonymous=True
    )
    client = login(operator)
    assert (
        "081234567890" in client.get(reverse("console:report", args=[named.code])).content.decode()
    )
    body = client.get(reverse("console:report", args=[hidden.code])).content.decode()
    assert "089999999999" not in body and "anonim" in body


def test_it_verifies_and_routes_to_the_chosen_agency(operator, make_report, agency_b, pothole):
    report = make_report()
    response = post(
        login(operator),
        "verify",
        report,
        category=pothole.pk,
        agency=agency_b.pk,
        internal_note="cek ulang",
        public_note="",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.VERIFIED and report.agency == agency_b
    assert report.events.last().internal_note == "cek ulang"


def test_it_offers_the_reports_kelurahan_office_for_routing(operator, make_report, west_office):
    body = (
        login(operator).get(reverse("console:report", args=[make_report().code])).content.decode()
    )
    assert "Kel. Barat" in body


def test_it_refuses_a_stale_action(operator, make_report, agency_a, pothole):
    report = make_report()
    stale = report.version
    client = login(operator)
    post(client, "reject", report, template="spam")
    response = client.post(
        reverse("console:verify", args=[report.code]),
        {"version": stale, "category": pothole.pk, "agency": agency_a.pk},
        follow=True,
    )
    assert "sudah diubah orang lain" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.REJECTED


def test_it_rejects_only_with_a_reason(operator, make_report):
    report = make_report()
    client = login(operator)
    assert post(client, "reject", report).status_code == 400
    assert Report.objects.get(pk=report.pk).status == Status.NEW
    post(client, "reject", report, template="not_complaint", reason="Ini promosi.")
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.events.last().public_note == "Bukan pengaduan Ini promosi."


def test_it_merges_into_a_nearby_report(operator, make_report):
    original, copy = make_report(seed=1), make_report(seed=2)
    client = login(operator)
    body = client.get(reverse("console:report", args=[copy.code])).content.decode()
    assert original.code in body  # offered as a nearby duplicate
    post(client, "merge", copy, into=original.code.lower())
    copy.refresh_from_db()
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == original
    assert original.events.filter(kind=EventKind.SUPPORT).exists()


def test_it_says_when_the_merge_target_does_not_exist(operator, make_report):
    report = make_report()
    response = post(login(operator), "merge", report, into="UJI-0000-99999")
    assert response.status_code == 400 and "Tidak ada laporan" in response.content.decode()


def test_it_refers_to_an_outside_body(operator, make_report, pln):
    report = make_report()
    post(login(operator), "refer", report, to=pln.pk, note="")
    report.refresh_from_db()
    assert report.status == Status.REFERRED and report.referred_to == pln


def test_it_escapes_script_in_every_field(operator, make_report):
    from laksa.reports.actions import ContactInput

    evil = "<script>alert(1)</script>"
    report = make_report(description=evil, address=evil, contact=ContactInput(name=evil))
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert evil not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("name", ["verify", "reject", "merge", "refer"])
def test_it_answers_get_on_an_action_with_405(operator, make_report, name):
    report = make_report()
    assert login(operator).get(reverse(f"console:{name}", args=[report.code])).status_code == 405
