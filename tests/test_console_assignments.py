"""The console shows each agency's part in a report, and a field request to re-route it stands
out on the report page and in the queue until the operator routes the report again."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Assignment
from laksa.reports import actions
from laksa.reports.models import EventKind, Report, ReportEvent
from tests.conftest import IN_EAST, login
from tests.images import processed

UTC = ZoneInfo("UTC")
QUEUE = reverse("console:queue")
BANNER = "Petugas minta laporan ini dialihkan"
BADGE = "minta dialihkan</span>"


def page(client, report):
    return client.get(reverse("console:report", args=[report.code])).content.decode()


def routed(make_report, operator, seed=1, **kwargs):
    report = make_report(seed=seed)
    actions.verify_report(report, by=operator, **kwargs)
    report.refresh_from_db()
    return report


def row_of(body, report):
    start = body.index(f'data-code="{report.code}"')
    return body[start : body.index("</tr>", start)]


def test_it_lists_the_parts_with_supervisor_crew_and_local_times(
    make_report, operator, supervisor_a, crew_a, agency_b
):
    report = routed(make_report, operator, co_agencies=[agency_b])
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    # A fixed clock: 01:30 UTC is 08:30 in the city (Asia/Jakarta).
    Assignment.objects.filter(report=report, agency__code="DPUPR").update(
        accepted_at=datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    )
    body = page(login(operator), report)
    panel = body[body.index("Penugasan") : body.index("Riwayat")]
    assert panel.index("Dinas PUPR") < panel.index("Dinas Perhubungan")  # the lead first
    assert "Instansi utama" in panel and "Koordinasi" in panel
    assert "pengawas_a" in panel and "Regu Tambal 1" in panel
    assert "27 Nov 2026 08:30" in panel and "01:30" not in panel


def test_it_puts_ended_parts_last_with_their_reason(
    make_report, operator, supervisor_a, agency_a, agency_b
):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    actions.verify_report(report, by=operator, agency=agency_b, internal_note="Ini lampu jalan")
    panel = page(login(operator), report)
    panel = panel[panel.index("Penugasan") : panel.index("Riwayat")]
    assert panel.index("Dinas Perhubungan") < panel.index("Dinas PUPR")
    ended = panel[panel.index("Dinas PUPR") :]
    assert "Diakhiri" in ended and "Dialihkan ke Dinas Perhubungan." in ended
    assert "Ini lampu jalan" in ended


def test_it_says_when_a_report_has_no_part_yet(make_report, operator):
    body = page(login(operator), make_report())
    assert "Belum ada penugasan." in body


def test_it_shows_a_reroute_request_at_the_top_with_the_agency_time_and_reason(
    make_report, operator, supervisor_a, mayor
):
    report = routed(make_report, operator)
    assert BANNER not in page(login(operator), report)
    field_actions.ask_reroute(report, by=supervisor_a, reason="Saluran milik provinsi")
    # A fixed clock: routed at 09:00, asked at 10:05 in the city (Asia/Jakarta, UTC+7).
    ReportEvent.objects.filter(report=report, kind=EventKind.ROUTED).update(
        created_at=datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    )
    Assignment.objects.filter(report=report).update(
        reroute_asked_at=datetime(2026, 11, 27, 3, 5, tzinfo=UTC)
    )
    body = page(login(operator), report)
    banner = body[body.index(BANNER) : body.index("</div>", body.index(BANNER))]
    assert body.index(BANNER) < body.index("Penugasan") < body.index("Riwayat")
    assert "Dinas PUPR" in banner and "27 Nov 2026 10:05" in banner
    assert "Saluran milik provinsi" in banner and 'href="#route"' in banner
    assert 'id="route"' in body  # the route form the link leads to
    watched = page(login(mayor), report)  # read-only: sees it, is not told to act
    assert BANNER in watched and 'href="#route"' not in watched


def test_the_reason_is_the_latest_request(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    field_actions.ask_reroute(report, by=supervisor_a, reason="Alasan pertama")
    actions.verify_report(Report.objects.get(pk=report.pk), by=operator)  # kept: answered
    assert BANNER not in page(login(operator), report)
    report.refresh_from_db()
    field_actions.ask_reroute(report, by=supervisor_a, reason="Alasan kedua")
    body = page(login(operator), report)
    assert BANNER in body
    banner = body[body.index(BANNER) : body.index("</div>", body.index(BANNER))]
    assert "Alasan kedua" in banner and "Alasan pertama" not in banner


def test_routing_the_report_elsewhere_ends_the_request(
    make_report, operator, supervisor_a, agency_b
):
    report = routed(make_report, operator)
    field_actions.ask_reroute(report, by=supervisor_a, reason="Bukan jalan kota")
    actions.verify_report(Report.objects.get(pk=report.pk), by=operator, agency=agency_b)
    body = page(login(operator), report)
    assert BANNER not in body and BADGE not in body
    assert "Bukan jalan kota" in body  # still in the history and the ended part's reason


def test_the_queue_marks_reports_with_an_open_request(make_report, operator, supervisor_a):
    asked = routed(make_report, operator, seed=1)
    quiet = routed(make_report, operator, seed=2)
    field_actions.ask_reroute(asked, by=supervisor_a, reason="Saluran milik provinsi")
    body = login(operator).get(QUEUE, {"status": "verified"}).content.decode()
    assert BADGE in row_of(body, asked) and BADGE not in row_of(body, quiet)
    actions.verify_report(Report.objects.get(pk=asked.pk), by=operator)
    body = login(operator).get(QUEUE, {"status": "verified"}).content.decode()
    assert BADGE not in row_of(body, asked)


def test_the_queue_badge_costs_no_query_per_row(
    make_report, operator, supervisor_a, django_assert_num_queries
):
    routed(make_report, operator, seed=1)
    client = login(operator)
    params = {"status": "verified"}
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE, params).status_code == 200
    for seed in range(2, 20):
        report = routed(make_report, operator, seed=seed)
        if seed % 2:
            field_actions.ask_reroute(report, by=supervisor_a, reason=f"alasan {seed}")
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(QUEUE, params).content.decode()
    assert body.count(BADGE) == 9


def test_the_report_page_costs_the_same_queries_however_many_parts(
    make_report, operator, supervisor_a, agency_b, west_office, django_assert_num_queries
):
    report = routed(make_report, operator)
    client = login(operator)
    url = reverse("console:report", args=[report.code])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    field_actions.accept_job(report, by=supervisor_a)
    field_actions.ask_reroute(report, by=supervisor_a, reason="bukan kami")
    actions.verify_report(
        Report.objects.get(pk=report.pk), by=operator, agency=agency_b, co_agencies=[west_office]
    )
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("Diakhiri") == 1 and "Koordinasi" in body


def test_the_request_is_not_shown_once_the_report_is_done(make_report, operator, supervisor_a):
    report = routed(make_report, operator, seed=1)
    other = make_report(seed=2, at=IN_EAST)
    field_actions.ask_reroute(report, by=supervisor_a, reason="bukan kami")
    actions.accept_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(77)])
    body = page(login(operator), report)
    assert BANNER not in body
    body = login(operator).get(QUEUE, {"status": "done"}).content.decode()
    assert report.code in body and BADGE not in body and other.code not in body
