"""The public tracking page and the home page are kept rendered while nothing they show has
changed (laksa/public/page_cache.py): one query a view, and every change is seen at the next."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.kpi import counting
from laksa.reports import actions
from laksa.reports.models import Report

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(client: Client, report: Report) -> str:
    response = client.get(f"/r/{report.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_page_costs_one_query_and_reads_like_a_fresh_one(make_report, clock):
    clock.at(clock.now())  # a page is kept a minute at most: no minute may turn in between
    report = make_report()
    first = page(Client(), report)
    with CaptureQueriesContext(connection) as queries:
        again = page(Client(), report)
    assert len(queries) == 1
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    assert "Lubang besar di depan sekolah" in again and report.code in again


def test_each_visitor_gets_a_token_of_their_own_that_works(make_report):
    report = make_report()
    page(Client(), report)  # kept
    visitor = Client(enforce_csrf_checks=True)
    html = page(visitor, report)
    token = TOKEN.search(html)
    assert token is not None and "placeholder" not in token[1]
    assert "csrftoken" in visitor.cookies
    vote = visitor.post(f"/r/{report.code}/dukung/", {"csrfmiddlewaretoken": token[1]})
    assert vote.status_code in (302, 303)
    report.refresh_from_db()
    assert report.support_count == 1


def test_every_change_is_seen_at_the_next_view(make_report, operator):
    report = make_report()
    assert "Baru" in page(Client(), report)

    actions.verify_report(report, by=operator)
    assert "Terverifikasi" in page(Client(), report) or "Diverifikasi" in page(Client(), report)

    report.refresh_from_db()
    actions.reply_to_citizen(report, by=operator, text="Petugas kami menuju lokasi")
    assert "Petugas kami menuju lokasi" in page(Client(), report)

    report.refresh_from_db()
    actions.add_support(report, session_key="someone")
    assert "Seorang warga mendukung laporan ini." in page(Client(), report)


def test_a_category_renamed_by_an_administrator_shows_at_once(make_report, pothole):
    report = make_report()
    assert "Jalan rusak" in page(Client(), report)
    pothole.name_id = "Jalan berlubang"
    pothole.save()
    assert "Jalan berlubang" in page(Client(), report)


def test_languages_are_kept_apart(make_report):
    report = make_report()
    assert "Akan diteruskan ke" in page(Client(), report)
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Will be forwarded to" in page(english, report)
    assert "Akan diteruskan ke" in page(Client(), report)


def test_a_signed_in_visitor_gets_a_page_of_their_own(make_report, operator):
    report = make_report()
    page(Client(), report)
    staff = Client()
    staff.force_login(operator)
    assert 'href="/staf/"' in page(staff, report) or "Staf" in page(staff, report)
    assert ">Staf<" not in page(Client(), report)


def test_a_report_made_private_or_rejected_is_gone_at_once(make_report, operator):
    report = make_report()
    page(Client(), report)
    actions.reject_report(report, by=operator, reason="Bukan wewenang kota, laporan ganda")
    assert Client().get(f"/r/{report.code}/").status_code == 404


def test_the_home_page_is_kept_until_the_counts_move(citizen, make_report, clock):
    clock.at(clock.now())  # a page is kept a minute at most: no minute may turn in between
    make_report()
    counting.count_new_events()
    assert "<strong>1</strong>" in citizen.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert citizen.get("/").status_code == 200
    assert len(queries) == 1

    make_report(seed=2)
    assert "<strong>1</strong>" in citizen.get("/").content.decode()  # not counted yet
    counting.count_new_events()
    assert "<strong>2</strong>" in citizen.get("/").content.decode()
