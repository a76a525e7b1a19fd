"""The operator's screens: who may open them, what they show, and each action through a POST."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.models import EventKind, Report
from laksa.reports.statuses import Status
from tests.conftest import IN_EAST, IN_WEST, login

ACTIONS = ["verify", "reject", "merge", "refer"]


def post(client, name, report, **data):
    return client.post(
        reverse(f"console:{name}", args=[report.code]), {"version": report.version, **data}
    )


def status_of(report):
    return Report.objects.get(pk=report.pk).status


@pytest.fixture
def no_role(db) -> User:
    """A logged-in account without any staff role (a citizen who found the login page)."""
    return User.objects.create_user("warga", password="rahasia-uji-123")


def test_it_sends_anonymous_users_to_login(make_report):
    report = make_report()
    for url in (reverse("console:queue"), reverse("console:report", args=[report.code])):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    response = post(Client(), "reject", report, template="spam")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert status_of(report) == Status.NEW


@pytest.mark.parametrize("persona", ["supervisor_a", "lurah", "no_role"])
def test_it_refuses_staff_without_the_operator_role(request, persona, make_report, pothole):
    client = login(request.getfixturevalue(persona))
    report = make_report()
    assert client.get(reverse("console:queue")).status_code == 403
    assert client.get(reverse("console:report", args=[report.code])).status_code == 403
    for name in ACTIONS:
        response = post(
            client, name, report, category=pothole.pk, agency=pothole.agency_id, template="spam"
        )
        assert response.status_code == 403
    assert status_of(report) == Status.NEW
    assert report.events.count() == 1


def test_it_points_a_supervisor_on_the_console_to_their_own_screen(supervisor_a, city):
    body = login(supervisor_a).get(reverse("console:queue")).content.decode()
    assert "Bukan halaman untuk peran Anda" in body and reverse("staff-home") in body


def test_it_lets_an_administrator_triage(admin_user, make_report):
    report = make_report()
    client = login(admin_user)
    assert client.get(reverse("console:queue")).status_code == 200
    post(client, "reject", report, template="spam")
    assert status_of(report) == Status.REJECTED


def test_it_sends_each_role_home_to_its_screen(operator, supervisor_a, lurah, no_role, city):
    home = reverse("staff-home")
    mayor = User.objects.create_user("walikota")
    Membership.objects.create(user=mayor, jurisdiction=city, role=Role.EXECUTIVE)
    assert login(mayor).get(home)["Location"] == reverse("kpi:home")
    assert login(mayor).get(reverse("console:queue")).status_code == 200  # read-only
    assert login(operator).get(home)["Location"] == reverse("console:queue")
    assert login(supervisor_a).get(home)["Location"] == reverse("field:jobs")
    assert login(lurah).get(home)["Location"] == reverse("kpi:home")
    assert login(no_role).get(home).status_code == 403


def test_it_lists_new_reports_first_then_verified(operator, make_report):
    verified = make_report(seed=1)
    actions.verify_report(verified, by=operator)
    fresh = make_report(seed=2)
    rejected = make_report(seed=3)
    actions.reject_report(rejected, by=operator, reason="spam")
    body = login(operator).get(reverse("console:queue")).content.decode()
    assert body.index(fresh.code) < body.index(verified.code)
    assert rejected.code not in body
    assert f"/foto/{fresh.photos.get().uuid}-t.jpg" in body  # the thumbnail
    assert "Barat" in body and "Jalan rusak" in body and "Situs web" in body


def test_it_filters_the_queue_by_status(operator, make_report):
    verified = make_report(seed=1)
    actions.verify_report(verified, by=operator)
    fresh = make_report(seed=2)
    client = login(operator)
    body = client.get(reverse("console:queue"), {"status": "verified"}).content.decode()
    assert verified.code in body and fresh.code not in body
    body = client.get(reverse("console:queue"), {"status": "new"}).content.decode()
    assert fresh.code in body and verified.code not in body


def test_it_lists_the_queue_in_the_same_number_of_queries_however_many_reports(
    operator, make_report, django_assert_num_queries
):
    make_report(seed=1)
    client = login(operator)
    url = reverse("console:queue")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for seed in range(2, 16):
        report = make_report(seed=seed, at=IN_EAST if seed % 2 else IN_WEST)
        if seed % 3 == 0:
            actions.verify_report(report, by=operator)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("/foto/") >= 15


def test_it_shows_the_contact_to_operators_but_not_for_anonymous_reports(operator, make_report):
    named = make_report(contact=actions.ContactInput(name="Budi Rahasia", phone="081234567890"))
    hidden = make_report(
        seed=2,
        contact=actions.ContactInput(name="Siti Anonim", phone="089999999999"),
        anonymous=True,
    )
    client = login(operator)
    body = client.get(reverse("console:report", args=[named.code])).content.decode()
    assert "081234567890" in body and "Budi Rahasia" in body
    body = client.get(reverse("console:report", args=[hidden.code])).content.decode()
    assert "089999999999" not in body and "Siti Anonim" not in body and "anonim" in body


def test_it_shows_the_full_history_with_internal_notes_in_local_time(operator, make_report):
    report = make_report()
    actions.verify_report(report, by=operator, internal_note="cek ulang lokasi")
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert "cek ulang lokasi" in body
    assert "Lubang besar di depan sekolah" in body
    local = timezone.localtime(report.created_at, timezone=timezone.get_default_timezone())
    assert local.strftime("%H:%M") in body


def test_it_shows_a_report_in_the_same_number_of_queries_however_long_its_history(
    operator, make_report, django_assert_num_queries
):
    report = make_report()
    client = login(operator)
    url = reverse("console:report", args=[report.code])
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    nearby = [make_report(seed=seed) for seed in range(2, 6)]  # duplicates to suggest
    actions.verify_report(report, by=operator, internal_note="satu")
    actions.verify_report(Report.objects.get(pk=report.pk), by=operator, internal_note="dua")
    with django_assert_num_queries(len(short.captured_queries)):
        body = client.get(url).content.decode()
    assert "satu" in body and "dua" in body and all(n.code in body for n in nearby)


def test_it_shows_the_answers_to_the_categorys_questions(operator, make_report):
    report = make_report(answers={"ukuran": "besar"})
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert "Ukuran lubang" in body and "Besar" in body


def test_it_verifies_and_routes_to_the_chosen_agency(operator, make_report, agency_b, pothole):
    report = make_report()
    response = post(
        login(operator),
        "verify",
        report,
        category=pothole.pk,
        agency=agency_b.pk,
        internal_note="cek ulang",
        public_note="Terima kasih, kami teruskan.",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:report", args=[report.code])
    report.refresh_from_db()
    assert report.status == Status.VERIFIED and report.agency == agency_b
    event = report.events.last()
    assert event.internal_note == "cek ulang"
    assert event.public_note == "Terima kasih, kami teruskan."


def test_it_offers_the_reports_kelurahan_office_first_and_the_categorys_agency_by_default(
    operator, make_report, west_office, agency_a, agency_b, pln
):
    response = login(operator).get(reverse("console:report", args=[make_report().code]))
    form = response.context["verify_form"]
    assert form["agency"].value() == agency_a.pk
    offered = [pk for _group, options in form.fields["agency"].choices for pk, _label in options]
    assert offered[0] == str(west_office.pk)
    assert str(agency_b.pk) in offered and str(pln.pk) not in offered
    body = response.content.decode()
    assert body.index("Kel. Barat") < body.index("Dishub")
    assert "Verifikasi & teruskan</button>" in body


def test_it_refuses_to_route_to_an_outside_body(operator, make_report, pothole, pln):
    report = make_report()
    response = post(login(operator), "verify", report, category=pothole.pk, agency=pln.pk)
    assert response.status_code == 400
    assert status_of(report) == Status.NEW


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
    assert status_of(report) == Status.REJECTED
    assert not report.events.filter(to_status=Status.VERIFIED).exists()


def test_it_rejects_only_with_a_reason(operator, make_report):
    report = make_report()
    client = login(operator)
    response = post(client, "reject", report)
    assert response.status_code == 400 and "alasan penolakan" in response.content.decode()
    assert status_of(report) == Status.NEW
    post(client, "reject", report, template="not_complaint", reason="Ini promosi.")
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.events.last().public_note == "Bukan pengaduan. Ini promosi."


def test_it_rejects_with_free_text_alone(operator, make_report):
    report = make_report()
    post(login(operator), "reject", report, reason="Lokasi di luar kota.")
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.events.last().public_note == "Lokasi di luar kota."


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
    assert status_of(report) == Status.NEW


def test_it_refuses_to_merge_a_report_into_itself(operator, make_report):
    report = make_report()
    response = post(login(operator), "merge", report, into=report.code)
    assert response.status_code == 302
    assert status_of(report) == Status.NEW


def test_it_refers_to_an_outside_body(operator, make_report, pln):
    report = make_report()
    post(login(operator), "refer", report, to=pln.pk, note="Jalan provinsi.")
    report.refresh_from_db()
    assert report.status == Status.REFERRED and report.referred_to == pln


def test_it_refers_only_to_an_outside_body(operator, make_report, agency_b, pln):
    report = make_report()
    response = post(login(operator), "refer", report, to=agency_b.pk)
    assert response.status_code == 400
    assert status_of(report) == Status.NEW


def test_it_escapes_script_in_every_field(operator, make_report):
    evil = "<script>alert(1)</script>"
    report = make_report(description=evil, address=evil, contact=actions.ContactInput(name=evil))
    body = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert evil not in body and "&lt;script&gt;" in body


def test_it_answers_404_for_an_unknown_code(operator, city):
    assert login(operator).get(reverse("console:report", args=["UJI-0000-1"])).status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_it_answers_get_on_an_action_with_405(operator, make_report, name):
    report = make_report()
    assert login(operator).get(reverse(f"console:{name}", args=[report.code])).status_code == 405
