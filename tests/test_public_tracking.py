"""The tracking pages: the public one shows progress, never who reported; the private link lets
the reporter confirm, dispute and rate; a forged link changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from laksa.reports import actions
from laksa.reports.models import EventKind, Report, ReportEvent, Support
from laksa.reports.statuses import Status

pytestmark = pytest.mark.django_db


def _private(report: Report) -> str:
    return f"/r/{report.code}/{report.secret}/"


def test_it_shows_status_category_area_agency_and_timeline(citizen, make_report, west, kecamatan):
    report = make_report()
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert report.code in html
    assert "Baru" in html and "Merah: baru" in html and 'class="badge red"' in html
    assert "Jalan rusak" in html and "Barat" in html and "Tengah" in html
    assert "Dinas PUPR" in html
    assert "Laporan diterima." in html
    assert report.secret not in html


def _agency_row(html: str) -> str:
    """The details row naming an agency, as its <dt> and <dd> read, or "" when there is none."""
    import re

    found = re.search(
        r"<dt>([^<]*(?:Ditangani|diteruskan|Handled|forwarded)[^<]*)</dt><dd>([^<]*)", html
    )
    return f"{found[1]}: {found[2]}" if found else ""


def test_it_says_where_a_new_report_will_go_not_who_handles_it(citizen, make_report):
    report = make_report()
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert _agency_row(html) == "Akan diteruskan ke: Dinas PUPR"
    assert "Ditangani oleh" not in html
    private = citizen.get(_private(report)).content.decode()
    assert _agency_row(private) == "Akan diteruskan ke: Dinas PUPR"
    citizen.cookies["django_language"] = "en"
    english = citizen.get(f"/r/{report.code}/").content.decode()
    assert _agency_row(english) == "Will be forwarded to: Dinas PUPR"
    assert "Handled by" not in english


def test_it_names_the_handling_agency_once_routed_and_after(
    citizen, make_report, operator, done_report
):
    report = make_report(seed=2)
    actions.verify_report(report, by=operator)
    for routed in (report, done_report):
        html = citizen.get(f"/r/{routed.code}/").content.decode()
        assert _agency_row(html) == "Ditangani oleh: Dinas PUPR"
        assert "Akan diteruskan" not in html


def test_it_names_no_city_agency_for_a_report_closed_without_work(
    citizen, make_report, operator, pln
):
    original, copy, referred = make_report(seed=1), make_report(seed=2), make_report(seed=3)
    actions.merge_duplicate(copy, into=original, by=operator)
    actions.refer_report(referred, by=operator, to=pln)
    for closed in (copy, referred):
        html = citizen.get(f"/r/{closed.code}/").content.decode()
        assert _agency_row(html) == "" and "Dinas PUPR" not in html


def test_it_hides_contact_and_internal_notes(citizen, done_report):
    html = citizen.get(f"/r/{done_report.code}/").content.decode()
    assert "Siti Rahma" not in html and "081299990000" not in html
    assert "RAHASIA-OPERATOR" not in html
    assert "Sudah ditambal" in html
    private = citizen.get(_private(done_report)).content.decode()
    assert "Siti Rahma" not in private and "RAHASIA-OPERATOR" not in private


def test_it_shows_before_and_after_when_done(citizen, done_report):
    html = citizen.get(f"/r/{done_report.code}/").content.decode()
    before = done_report.photos.get(kind="before")
    after = done_report.photos.get(kind="proof")
    assert "Sebelum" in html and "Sesudah" in html
    assert f"/foto/{before.uuid}-t.jpg" in html and f"/foto/{after.uuid}-t.jpg" in html
    assert "/media/" not in html


def test_it_shows_times_in_the_city_timezone(citizen, make_report):
    from django.utils import timezone

    report = make_report()
    local = timezone.localtime(report.created_at, report.jurisdiction.tz)
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert local.strftime("%H:%M") in html


def test_it_shows_the_due_times_while_open_and_the_done_time_after(
    citizen, make_report, done_report
):
    from django.utils import timezone

    report = make_report(seed=2)
    html = citizen.get(f"/r/{report.code}/").content.decode()
    respond = timezone.localtime(report.respond_due_at, report.jurisdiction.tz)
    assert "Ditanggapi paling lambat" in html and "Target selesai" in html
    assert respond.strftime("%H:%M") in html
    html = citizen.get(f"/r/{done_report.code}/").content.decode()
    assert "Target selesai" not in html and "Ditanggapi paling lambat" not in html
    assert "<dt>Selesai</dt>" in html


def test_it_hides_private_and_rejected_reports_from_the_public(citizen, make_report, operator):
    hidden = make_report(seed=1)
    Report.objects.filter(pk=hidden.pk).update(public=False)
    rejected = make_report(seed=2)
    actions.reject_report(rejected, by=operator, reason="Iklan")
    assert citizen.get(f"/r/{hidden.code}/").status_code == 404
    assert citizen.get(f"/r/{rejected.code}/").status_code == 404
    assert citizen.get("/r/TIDAK-ADA/").status_code == 404
    # The reporter still sees their own report through the private link.
    assert citizen.get(_private(hidden)).status_code == 200
    assert "Iklan" in citizen.get(_private(rejected)).content.decode()


def test_it_points_a_duplicate_to_its_original(citizen, make_report, operator):
    original, copy = make_report(seed=1), make_report(seed=2)
    actions.merge_duplicate(copy, into=original, by=operator)
    html = citizen.get(f"/r/{copy.code}/").content.decode()
    assert f'href="/r/{original.code}/"' in html


def test_it_says_to_whom_a_report_was_referred(citizen, make_report, operator, pln):
    report = make_report()
    actions.refer_report(report, by=operator, to=pln)
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert "Dirujuk" in html and "PLN UP3" in html


def test_it_redirects_a_typed_code_to_its_page(citizen, make_report):
    report = make_report()
    response = citizen.get("/r/", {"code": f"  {report.code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/r/{report.code}/"
    assert citizen.get("/r/", {"code": "<script>"}).status_code == 404
    assert citizen.get("/r/", {"code": ""}).status_code == 302


def test_it_refuses_a_forged_secret_and_changes_nothing(citizen, done_report):
    forged = f"/r/{done_report.code}/{'x' * 32}/"
    events = ReportEvent.objects.count()
    response = citizen.get(forged)
    assert response.status_code == 404 and "Tautan pribadi tidak valid" in response.content.decode()
    for action, data in [
        ("konfirmasi", {}),
        ("sanggah", {"reason": "belum"}),
        ("nilai", {"stars": "1"}),
    ]:
        assert citizen.post(forged + action + "/", data).status_code == 404
    done_report.refresh_from_db()
    assert done_report.status == Status.DONE and done_report.rating is None
    assert ReportEvent.objects.count() == events


def test_it_offers_confirm_dispute_and_rating_only_on_the_private_page(citizen, done_report):
    public = citizen.get(f"/r/{done_report.code}/").content.decode()
    assert "Konfirmasi selesai" not in public and "Kirim penilaian" not in public
    private = citizen.get(_private(done_report)).content.decode()
    assert "Konfirmasi selesai" in private and "Belum selesai" in private
    assert "Kirim penilaian" in private and 'name="stars"' in private
    assert 'name="reason"' in private and 'name="comment"' in private


def test_it_confirms_the_fix(citizen, done_report):
    response = citizen.post(_private(done_report) + "konfirmasi/")
    assert response.status_code == 303 and response["Location"] == _private(done_report)
    done_report.refresh_from_db()
    assert done_report.status == Status.CLOSED
    assert done_report.events.last().actor_label == "Pelapor"


def test_it_disputes_the_fix_with_a_reason(citizen, done_report):
    response = citizen.post(_private(done_report) + "sanggah/", {"reason": "Lubang masih ada"})
    assert response.status_code == 303
    done_report.refresh_from_db()
    assert done_report.status == Status.DISPATCHED
    assert "Lubang masih ada" in done_report.events.last().public_note


def test_it_refuses_a_dispute_without_reason(citizen, done_report):
    response = citizen.post(_private(done_report) + "sanggah/", {"reason": "  "}, follow=True)
    assert "Tuliskan mengapa masalah belum selesai." in response.content.decode()
    done_report.refresh_from_db()
    assert done_report.status == Status.DONE


def test_it_rates_the_service(citizen, done_report):
    response = citizen.post(_private(done_report) + "nilai/", {"stars": "4", "comment": "Cepat"})
    assert response.status_code == 303
    done_report.refresh_from_db()
    assert done_report.rating == 4 and done_report.rating_comment == "Cepat"
    assert done_report.events.filter(kind=EventKind.RATED).count() == 1


def test_it_refuses_a_bad_rating(citizen, done_report):
    response = citizen.post(_private(done_report) + "nilai/", {"stars": "9"}, follow=True)
    assert response.status_code == 200
    done_report.refresh_from_db()
    assert done_report.rating is None


def test_it_reports_an_action_error_and_redirects_back(citizen, make_report):
    report = make_report()  # still new: cannot be confirmed
    response = citizen.post(_private(report) + "konfirmasi/", follow=True)
    assert response.redirect_chain[-1][0] == _private(report)
    assert "Hanya laporan selesai yang bisa dikonfirmasi." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_it_counts_support_once_per_browser(make_report):
    report = make_report()
    browser = Client()
    assert browser.post(f"/r/{report.code}/dukung/").status_code == 303
    browser.post(f"/r/{report.code}/dukung/")
    report.refresh_from_db()
    assert report.support_count == 1 and Support.objects.filter(report=report).count() == 1
    Client().post(f"/r/{report.code}/dukung/")
    report.refresh_from_db()
    assert report.support_count == 2


def test_it_answers_an_htmx_support_with_a_partial(make_report):
    report = make_report()
    response = Client().post(f"/r/{report.code}/dukung/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "dukungan Anda tercatat" in html
    assert "<html" not in html


def test_it_shows_the_answers_to_the_extra_questions(citizen, make_report):
    report = make_report(answers={"ukuran": "besar"})
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert "Ukuran lubang" in html and "Besar" in html


def test_it_loads_the_public_page_in_a_fixed_number_of_queries(
    citizen, make_report, done_report, django_assert_num_queries, clock
):
    clock.at(clock.now())  # a page is kept a minute at most: no minute may turn in between
    fresh = make_report(seed=5)
    for report in (fresh, done_report):  # one photo and one event, or two photos and four events
        # What the page shows (tests/test_public_tracking_kept.py), then the report, its photos
        # and its events; once kept, only the first.
        with django_assert_num_queries(4):
            assert citizen.get(f"/r/{report.code}/").status_code == 200
        with django_assert_num_queries(1):
            assert citizen.get(f"/r/{report.code}/").status_code == 200
