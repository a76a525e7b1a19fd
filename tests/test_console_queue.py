"""The operator queue: its order, its filters, the live partial, its query count, and who sees it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laksa.dispatch.reach import staff_reports
from laksa.org.models import Membership
from laksa.reports import actions
from laksa.reports.models import Channel, Priority, Report
from tests.conftest import IN_EAST, IN_WEST, login

QUEUE = reverse("console:queue")


def order_of(body: str, *reports: Report) -> list[int]:
    return [body.index(f'data-code="{r.code}"') for r in reports]


def test_it_pins_new_emergencies_first_with_their_own_colour(operator, make_report, fire):
    ordinary = make_report(seed=1)
    emergency = make_report(seed=2, category=fire)
    body = login(operator).get(QUEUE).content.decode()
    first, second = order_of(body, emergency, ordinary)
    assert first < second
    row = body[body.rindex("<tr", 0, first) : first + 80]
    assert 'class="emergency' in row and 'data-emergency="1"' in row
    assert "DARURAT" in body


def test_it_orders_by_due_time_after_new_before_verified(operator, make_report, streetlight):
    late = make_report(seed=1)
    soon = make_report(seed=2, category=streetlight)
    verified = make_report(seed=3)
    actions.verify_report(verified, by=operator)
    Report.objects.filter(pk=late.pk).update(respond_due_at=timezone.now() + timedelta(hours=9))
    Report.objects.filter(pk=soon.pk).update(respond_due_at=timezone.now() + timedelta(hours=1))
    body = login(operator).get(QUEUE).content.decode()
    a, b, c = order_of(body, soon, late, verified)
    assert a < b < c


def test_it_puts_a_higher_priority_first(operator, make_report):
    normal, urgent = make_report(seed=1), make_report(seed=2)
    actions.set_priority(urgent, by=operator, priority=Priority.URGENT)
    body = login(operator).get(QUEUE).content.decode()
    a, b = order_of(body, urgent, normal)
    assert a < b and "mendesak" in body


def test_it_filters_by_channel_category_agency_kecamatan_and_overdue(
    operator, make_report, streetlight, agency_a, agency_b, kecamatan, pothole
):
    web = make_report(seed=1)
    phone = make_report(seed=2, channel=Channel.PHONE, category=streetlight, at=IN_EAST)
    co = make_report(seed=3)
    actions.verify_report(co, by=operator, agency=agency_a, co_agencies=[agency_b])
    late = make_report(seed=4)
    Report.objects.filter(pk=late.pk).update(respond_due_at=timezone.now() - timedelta(hours=1))
    client = login(operator)

    def codes(**params):
        body = client.get(QUEUE, params).content.decode()
        return {r.code for r in (web, phone, co, late) if f'data-code="{r.code}"' in body}

    assert codes(channel="phone") == {phone.code}
    assert codes(category=streetlight.pk) == {phone.code}
    assert codes(agency=agency_b.pk) == {phone.code, co.code}  # lead or co-agency
    assert codes(kecamatan=kecamatan.pk) == {web.code, phone.code, co.code, late.code}
    assert codes(overdue="on") == {late.code}
    assert codes(status="verified") == {co.code}
    body = client.get(QUEUE, {"overdue": "on"}).content.decode()
    assert "Lewat batas" in body


def test_it_ignores_filter_values_that_do_not_clean(operator, make_report):
    report = make_report()
    response = login(operator).get(
        QUEUE, {"category": "abc", "agency": "99999", "channel": "pigeon", "status": "x"}
    )
    assert response.status_code == 200 and report.code in response.content.decode()


def test_it_answers_htmx_with_the_list_alone_keeping_the_filters(operator, make_report):
    report = make_report()
    response = login(operator).get(QUEUE, {"channel": "web"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-list"') and "<html" not in body
    assert report.code in body and "channel=web" in body


def test_it_listens_to_the_live_stream_and_degrades_without_it(operator, city):
    body = login(operator).get(QUEUE).content.decode()
    assert 'id="queue-list"' in body and "console/queue.js" in body and "htmx" in body
    script = Path(__file__).parent.parent.joinpath("laksa/console/static/console/queue.js")
    script = script.read_text()
    assert 'new EventSource("/live/stream")' in script and "htmx.ajax" in script
    assert "500" in script and "if (!window.EventSource) return;" in script


def test_it_lists_in_a_fixed_number_of_queries_for_3_or_30_reports(
    operator, make_report, fire, agency_a, agency_b, django_assert_num_queries
):
    for seed in range(3):
        make_report(seed=seed)
    client = login(operator)
    filtered = {"agency": agency_a.pk, "channel": "web", "status": "triage"}
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    with CaptureQueriesContext(connection) as few_filtered:
        assert client.get(QUEUE, filtered).status_code == 200
    for seed in range(3, 30):
        report = make_report(
            seed=seed, at=IN_EAST if seed % 2 else IN_WEST, category=fire if seed % 5 == 0 else None
        )
        if seed % 3 == 0:
            actions.verify_report(report, by=operator, co_agencies=[agency_b])
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(QUEUE).content.decode()
    assert body.count("data-code=") == 30
    with django_assert_num_queries(len(few_filtered.captured_queries)):
        body = client.get(QUEUE, filtered).content.decode()
    assert body.count("data-code=") == 25  # the 5 fire reports go to agency B


def test_it_shows_the_executive_every_report_read_only(mayor, make_report, pothole):
    report = make_report()
    client = login(mayor)
    body = client.get(QUEUE).content.decode()
    assert report.code in body and "Hanya baca" in body and "Catat laporan telepon" not in body
    page = client.get(reverse("console:report", args=[report.code])).content.decode()
    assert report.code in page and "console:verify" not in page and "/verifikasi/" not in page
    response = client.post(
        reverse("console:reject", args=[report.code]), {"version": 0, "template": "spam"}
    )
    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).status == "new"


def test_it_shows_an_agency_head_only_their_agencys_reports(
    head_a, make_report, streetlight, operator
):
    ours = make_report(seed=1)
    theirs = make_report(seed=2, category=streetlight)
    client = login(head_a)
    body = client.get(QUEUE).content.decode()
    assert ours.code in body and theirs.code not in body
    assert client.get(reverse("console:report", args=[theirs.code])).status_code == 404
    assert client.get(reverse("console:call")).status_code == 403


def test_it_scopes_an_area_official_to_their_area(lurah, make_report, city, streetlight):
    west_report = make_report(seed=1, category=streetlight)
    east_report = make_report(seed=2, category=streetlight, at=IN_EAST)
    seen = set(staff_reports(lurah, city).values_list("code", flat=True))
    assert west_report.code in seen and east_report.code not in seen


def test_it_scopes_a_worker_to_the_crews_jobs_and_a_supervisor_to_their_area(
    make_report, operator, city, agency_a, west, supervisor_a, worker_a, crew_a
):
    from laksa.dispatch import actions as field_actions

    crews_job = make_report(seed=1)
    other_job = make_report(seed=2, at=IN_EAST)
    for report in (crews_job, other_job):
        actions.verify_report(report, by=operator)
    field_actions.accept_job(crews_job, by=supervisor_a, crew=crew_a)
    assert set(staff_reports(worker_a, city).values_list("code", flat=True)) == {crews_job.code}
    assert login(worker_a).get(QUEUE).status_code == 403  # and the console is not theirs
    Membership.objects.filter(user=supervisor_a).update(area=west)
    supervisor_a = User.objects.get(pk=supervisor_a.pk)  # memberships are read once per user
    seen = set(staff_reports(supervisor_a, city).values_list("code", flat=True))
    assert seen == {crews_job.code}


def test_it_shows_the_queue_link_in_the_nav_to_read_only_roles(mayor, supervisor_a, city):
    assert 'href="/console/"' in login(mayor).get(QUEUE).content.decode()
    jobs = login(supervisor_a).get(reverse("field:jobs")).content.decode()
    assert 'href="/console/"' not in jobs


def test_it_finds_and_marks_done_jobs_whose_proof_location_waits_for_a_decision(
    operator, supervisor_a, make_report, django_assert_num_queries
):
    from tests.images import processed

    def done(seed, **photo):
        report = make_report(seed=seed)
        actions.verify_report(report, by=operator)
        actions.accept_job(report, by=supervisor_a)
        actions.finish_job(report, by=supervisor_a, proof=[processed(seed + 50, **photo)])
        return report

    waiting = done(1)  # no location on the photo
    located = done(2, gps=IN_WEST)
    open_report = make_report(seed=3)
    client = login(operator)
    with CaptureQueriesContext(connection) as one:
        body = client.get(QUEUE, {"proof_unverified": "on"}).content.decode()
    shown = {r.code for r in (waiting, located, open_report) if f'data-code="{r.code}"' in body}
    assert shown == {waiting.code}  # from any tab, the done jobs waiting for the LIVE Room
    row = body[body.index(f'data-code="{waiting.code}"') :]
    assert "lokasi belum diverifikasi" in row[: row.index("</tr>")]
    assert "Lokasi belum diverifikasi" in body  # the filter's label
    more = [done(seed) for seed in (4, 5, 6)]
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(QUEUE, {"proof_unverified": "on"}).content.decode()
    assert all(f'data-code="{r.code}"' in body for r in more)
    everything_done = client.get(QUEUE, {"status": "done"}).content.decode()
    row = everything_done[everything_done.index(f'data-code="{located.code}"') :]
    assert "lokasi belum diverifikasi" not in row[: row.index("</tr>")]
    actions.accept_proof(waiting, by=operator)
    body = client.get(QUEUE, {"proof_unverified": "on"}).content.decode()
    assert f'data-code="{waiting.code}"' not in body


def test_it_filters_an_operators_own_agency(city, make_report, streetlight, agency_a, agency_b):
    """An operator seconded to the LIVE Room from one agency ticks "Instansi saya"; an operator
    of no agency is not offered it."""
    seconded = User.objects.create_user("operator_dkp", password="rahasia-uji-123")
    Membership.objects.create(user=seconded, jurisdiction=city, role="operator", agency=agency_b)
    ours, theirs = make_report(seed=1, category=streetlight), make_report(seed=2)
    assert ours.agency == agency_b and theirs.agency == agency_a
    client = login(seconded)
    everything = client.get(QUEUE).content.decode()
    assert ours.code in everything and theirs.code in everything
    assert 'name="mine"' in everything and "Instansi saya" in everything
    mine = client.get(QUEUE, {"mine": "on"}).content.decode()
    assert ours.code in mine and theirs.code not in mine


def test_it_offers_no_own_agency_filter_without_an_agency(operator, make_report):
    assert 'name="mine"' not in login(operator).get(QUEUE).content.decode()
    # A hand-made URL with the filter is ignored, not an error.
    assert make_report(seed=1).code in login(operator).get(QUEUE, {"mine": "on"}).content.decode()
