"""The live stream end to end, on the real server (uvicorn on laksa.asgi) and the test database:
resume after a disconnect and after a restart with nothing lost or doubled, after-commit only,
the projection each viewer gets, filters, and bad input."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from laksa.reports import actions
from laksa.reports.models import ReporterContact, ReportEvent
from tests import asgi_server
from tests.asgi_server import open_stream
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(tmp_path: Path) -> Any:
    with asgi_server.running(tmp_path) as running:
        yield running


def ids() -> list[int]:
    return list(ReportEvent.objects.order_by("id").values_list("id", flat=True))


def test_new_events_arrive_in_order_each_with_its_id(server: Any, make_report: Any) -> None:
    stream = open_stream(server, last_id=0)
    first = make_report(seed=1)
    actions.add_support(first, session_key="s1")
    make_report(seed=2)
    got = stream.take(3)
    assert [e["id"] for e in got] == ids()
    assert [e["kind"] for e in got] == ["created", "support", "created"]
    assert got[0]["code"] == first.code and got[0]["colour"] == "red"
    stream.close()


def test_resume_after_disconnect_gets_exactly_what_was_missed(
    server: Any, make_report: Any
) -> None:
    make_report(seed=1)
    stream = open_stream(server, last_id=0)
    seen = stream.take(1)
    stream.close()
    for seed in range(2, 6):  # committed while the client was away
        make_report(seed=seed)
    again = open_stream(server, last_id=seen[-1]["id"])
    missed = again.take(4)
    assert [e["id"] for e in seen + missed] == ids()
    assert again.quiet_for(1.5) == []  # nothing doubled
    again.close()


def test_resume_after_a_server_restart(tmp_path: Path, make_report: Any) -> None:
    with asgi_server.running(tmp_path) as first_server:
        stream = open_stream(first_server, last_id=0)
        make_report(seed=1)
        seen = stream.take(1)
        stream.close()
    make_report(seed=2)  # while no server runs at all
    make_report(seed=3)
    with asgi_server.running(tmp_path) as second_server:
        stream = open_stream(second_server, last_id=seen[-1]["id"])
        make_report(seed=4)
        rest = stream.take(3)
        assert [e["id"] for e in seen + rest] == ids()
        stream.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_server_stops_at_once_with_streams_open(
    tmp_path: Path, make_report: Any, workers: int
) -> None:
    import subprocess

    server = asgi_server.start(tmp_path, workers=workers, graceful=True)
    try:
        streams = [open_stream(server, last_id=0) for _ in range(3)]
        make_report(seed=1)
        for stream in streams:
            stream.take(1)
        server.process.terminate()  # uvicorn waits for open responses: the streams must end
        server.process.wait(8)
        for stream in streams:
            with pytest.raises(EOFError):
                stream.take(2, timeout=2)
    except subprocess.TimeoutExpired:
        pytest.fail("uvicorn still waits for the open streams")
    finally:
        server.stop()


def test_without_last_event_id_the_stream_starts_at_now(server: Any, make_report: Any) -> None:
    make_report(seed=1)
    stream = open_stream(server)
    assert stream.quiet_for(0.8) == []
    later = make_report(seed=2)
    assert [e["code"] for e in stream.take(1)] == [later.code]
    stream.close()


def test_a_rolled_back_action_never_appears(server: Any, make_report: Any, operator: Any) -> None:
    report = make_report(seed=1)
    stream = open_stream(server, last_id=0)
    stream.take(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.verify_report(report, by=operator)
        raise RuntimeError("the rest of the action failed")
    assert stream.quiet_for(1.5) == []
    actions.add_support(report, session_key="after")
    assert [e["kind"] for e in stream.take(2)] == ["created", "support"]
    stream.close()


def test_the_public_never_receives_contact_or_internal_notes(
    server: Any, make_report: Any, operator: Any
) -> None:
    report = make_report(
        seed=1, contact=actions.ContactInput(name="Siti Rahma", phone="081234567890")
    )
    actions.verify_report(report, by=operator, internal_note="Catatan rahasia petugas")
    raw = _raw_stream(server, last_id=0, events=2)
    assert report.code in raw
    for secret in ("Siti Rahma", "081234567890", "Catatan rahasia", report.secret):
        assert secret not in raw
    assert ReporterContact.objects.filter(phone="081234567890").exists()


def test_staff_receive_internal_notes_but_never_the_contact(
    server: Any, make_report: Any, operator: Any
) -> None:
    report = make_report(
        seed=1, contact=actions.ContactInput(name="Siti Rahma", phone="081234567890")
    )
    actions.verify_report(report, by=operator, internal_note="Catatan rahasia petugas")
    raw = _raw_stream(server, last_id=0, events=2, cookie=_session_cookie(operator))
    assert "Catatan rahasia petugas" in raw
    assert "Siti Rahma" not in raw and "081234567890" not in raw


def test_a_non_public_report_is_not_on_the_public_stream(
    server: Any, make_report: Any, pothole: Any, streetlight: Any, operator: Any
) -> None:
    streetlight.public = False
    streetlight.save()
    hidden = make_report(seed=1, category=streetlight, description="Petugas meminta uang")
    shown = make_report(seed=2)
    public = open_stream(server, last_id=0)
    assert [e["code"] for e in public.take(1)] == [shown.code]
    assert public.quiet_for(1) == []
    staff = open_stream(server, last_id=0, cookie=_session_cookie(operator))
    assert [e["code"] for e in staff.take(2)] == [hidden.code, shown.code]
    public.close()
    staff.close()


def test_a_rejected_report_and_its_reason_never_reach_the_public_stream(
    server: Any, make_report: Any, operator: Any
) -> None:
    spam = make_report(seed=1, description="Jual obat murah hubungi 0812")
    kept = make_report(seed=2)
    actions.reject_report(spam, by=operator, reason="Iklan toko milik Budi 08123456789")
    public = open_stream(server, last_id=0)
    assert [e["code"] for e in public.take(1)] == [kept.code]
    assert public.quiet_for(1) == []
    live = open_stream(server)  # also when the rejection comes while the client listens
    other = make_report(seed=3)
    actions.reject_report(other, by=operator, reason="Bukan wewenang kota, kata Siti")
    late = json.dumps(live.quiet_for(1.5))  # its "created" may come first, never the rejection
    assert "rejected" not in late and "kata Siti" not in late
    staff = open_stream(server, last_id=0, cookie=_session_cookie(operator))
    assert "Iklan toko milik Budi" in json.dumps(staff.take(5))
    for stream in (public, live, staff):
        stream.close()


def test_a_supervisor_sees_only_the_agencys_reports(
    server: Any, make_report: Any, streetlight: Any, supervisor_a: Any
) -> None:
    mine = make_report(seed=1)  # pothole: agency A
    make_report(seed=2, category=streetlight)  # agency B
    stream = open_stream(server, last_id=0, cookie=_session_cookie(supervisor_a))
    assert [e["code"] for e in stream.take(1)] == [mine.code]
    assert stream.quiet_for(1) == []
    stream.close()


def test_a_worker_is_not_streamed_the_agencys_internal_notes(
    server: Any, make_report: Any, operator: Any, worker_a: Any, crew_a: Any
) -> None:
    report = make_report(seed=1)  # pothole: the worker's agency, not their crew's job
    actions.add_internal_note(report, by=operator, text="Catatan rahasia dinas")
    stream = open_stream(server, last_id=0, cookie=_session_cookie(worker_a))
    seen = json.dumps(stream.take(1) + stream.quiet_for(1))
    assert report.code in seen and "Catatan rahasia dinas" not in seen  # as the public sees it
    stream.close()


def test_filters_by_category_agency_and_area(
    server: Any, make_report: Any, streetlight: Any, agency_b: Any, east: Any
) -> None:
    from tests.conftest import IN_EAST

    make_report(seed=1)
    light = make_report(seed=2, category=streetlight)
    in_east = make_report(seed=3, at=IN_EAST)
    by_category = open_stream(server, f"?category={streetlight.code}", last_id=0)
    by_agency = open_stream(server, f"?agency={agency_b.pk}", last_id=0)
    by_area = open_stream(server, f"?area={east.pk}", last_id=0)
    assert [e["code"] for e in by_category.take(1)] == [light.code]
    assert [e["code"] for e in by_agency.take(1)] == [light.code]
    assert [e["code"] for e in by_area.take(1)] == [in_east.code]
    for stream in (by_category, by_agency, by_area):
        assert stream.quiet_for(0.5) == []
        stream.close()


def test_keepalive_moves_the_cursor_past_filtered_events(server: Any, make_report: Any) -> None:
    make_report(seed=1)
    stream = open_stream(server, "?category=NOPE", last_id=0)
    deadline = time.monotonic() + 15  # keepalive every second in tests; a loaded machine waits
    while stream.last_id != ids()[-1] and time.monotonic() < deadline:
        stream.quiet_for(0.2)
    assert stream.events == [] and stream.comments >= 1
    assert stream.last_id == ids()[-1]
    stream.close()


@pytest.mark.parametrize(
    ("query", "header"),
    [("?last_event_id=abc", None), ("?agency=-1", None), ("?area=1e3", None), ("", "x")],
)
def test_bad_parameters_get_a_400_in_json(
    server: Any, city: Any, query: str, header: str | None
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", f"/live/stream{query}", headers={"Last-Event-ID": header} if header else {})
    response = conn.getresponse()
    assert response.status == 400
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"
    [error] = json.loads(response.read())["errors"]
    assert error["code"] == "invalid" and error["field"] in ("Last-Event-ID", "agency", "area")


def test_a_revoked_or_forged_kiosk_token_is_refused(server: Any, city: Any) -> None:
    from laksa.live.models import WallScreen

    screen = WallScreen.objects.create(jurisdiction=city, name="TV 1")
    ok = open_stream(server, f"?kiosk={screen.token}", last_id=0)
    ok.close()
    screen.active = False
    screen.save()
    for token in (screen.token, "forged"):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", f"/live/stream?kiosk={token}")
        assert conn.getresponse().status == 403


def test_switching_a_screen_off_ends_its_open_stream(
    server: Any, city: Any, make_report: Any
) -> None:
    from laksa.live.models import WallScreen

    screen = WallScreen.objects.create(jurisdiction=city, name="TV lobi")
    tv = open_stream(server, f"?kiosk={screen.token}")
    make_report(seed=1)
    assert len(tv.take(1)) == 1
    screen.active = False
    screen.save()
    make_report(seed=2)
    with pytest.raises(EOFError):  # within a keepalive interval (a second here), not an hour
        tv.take(3, timeout=5)
    assert len(tv.events) <= 2
    tv.close()


def _session_cookie(user: Any) -> str:
    client = login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _raw_stream(server: Any, *, last_id: int, events: int, cookie: str = "") -> str:
    stream = open_stream(server, last_id=last_id, cookie=cookie)
    got = stream.take(events)
    stream.close()
    import json

    return json.dumps(got, ensure_ascii=False)


def test_an_id_this_database_never_gave_gets_a_reset(server: Any, make_report: Any) -> None:
    make_report(seed=1)
    import http.client as client_module

    conn = client_module.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/live/stream", headers={"Last-Event-ID": "999999999"})
    response = conn.getresponse()
    assert response.status == 200
    text = b""
    while b"event: reset" not in text:
        text += response.read1(1024)
    assert f"id: {ids()[-1]}".encode() in text  # and it follows from now
    conn.close()
    stream = open_stream(server, last_id=ids()[-1])
    later = make_report(seed=2)
    assert [e["code"] for e in stream.take(1)] == [later.code]
    stream.close()


def test_a_wsgi_server_refuses_the_stream_at_once_instead_of_hanging(client: Any) -> None:
    """Django's test client is WSGI, like runserver: the stream answers 503 in JSON at once.
    (In a thread of its own: a browser test before it may leave Playwright's loop in this one.)"""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        response = pool.submit(client.get, "/live/stream").result(timeout=10)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [error] = response.json()["errors"]
    assert error["code"] == "unavailable" and "ASGI" in error["message"]


def test_the_server_never_inherits_a_lifted_async_safety_check(monkeypatch: Any, db: Any) -> None:
    # The browser tests lift it in their own process; a server started meanwhile must still
    # refuse an ORM call made from the async stream view, as production does.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    environ = asgi_server.server_environment({"LAKSA_LIVE_POLL": "0.1"})
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in environ
    assert environ["LAKSA_LIVE_POLL"] == "0.1"
