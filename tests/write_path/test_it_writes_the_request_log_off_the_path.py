"""Issue 15, the write path: the API request log is written off the request's path, in batches
(org.request_log): every answer is logged, refusals included, the application's and the staff
token's last use follow, and a clean shutdown of the server writes what was waiting."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.api.models import PersonalToken, TokenRequest
from laksa.org import request_log
from laksa.org.models import ApiRequest, Application
from tests.api_helpers import API, bearer
from tests.asgi_server import free_port, running, server_environment
from tests.test_open311 import V2

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def batch_of_five(settings: Any) -> None:
    settings.LAKSA_API_LOG_BATCH = 5


def logged() -> list[tuple[str, int]]:
    return list(ApiRequest.objects.order_by("id").values_list("path", "status"))


@pytest.mark.django_db
def test_it_writes_the_rows_a_batch_at_a_time_after_the_answers(
    api: Client, app_key: str, pothole: Any, batch_of_five: None
) -> None:
    with CaptureQueriesContext(connection) as queries:
        for _ in range(4):
            assert api.get(f"{V2}/services.json?api_key={app_key}").status_code == 200
    assert not [q for q in queries if "org_apirequest" in q["sql"]]
    assert logged() == [] and request_log.waiting() == 4
    assert Application.objects.get().last_used_at is None

    api.get(f"{V2}/requests/TIDAK-ADA.json?api_key={app_key}")  # the fifth: the batch is due

    assert request_log.waiting() == 0
    assert logged() == [(f"{V2}/services.json", 200)] * 4 + [(f"{V2}/requests/TIDAK-ADA.json", 404)]
    app = Application.objects.get()
    assert app.last_used_at == ApiRequest.objects.order_by("-at").values_list("at", flat=True)[0]


@pytest.mark.django_db
@pytest.mark.usefixtures("rate_window")
def test_every_refusal_is_logged(
    api: Client, citizen: Client, app_key: str, pothole: Any, batch_of_five: None
) -> None:
    Application.objects.update(requests_per_minute=2)
    statuses = [
        api.get(f"{V2}/services.json?api_key={app_key}").status_code,
        api.get(f"{V2}/services.json?api_key={app_key}").status_code,
        api.get(f"{V2}/services.json?api_key={app_key}").status_code,  # over the rate
        citizen.delete(f"{API}/categories", headers={"X-Api-Key": app_key}).status_code,
    ]
    Application.objects.update(active=False, requests_per_minute=100)
    statuses.append(api.get(f"{V2}/services.json?api_key={app_key}").status_code)  # revoked
    assert statuses == [200, 200, 429, 429, 403]
    assert [status for _path, status in logged()] == [200, 200, 429, 429, 403]


@pytest.mark.django_db
def test_a_staff_tokens_rows_are_linked_to_it_when_written(
    citizen: Client, operator: Any, make_report: Any, batch_of_five: None
) -> None:
    token, key = PersonalToken.create_with_key(operator, "ponsel")
    for _ in range(2):
        assert citizen.get(f"{API}/staff/reports", headers=bearer(key)).status_code == 200
    assert not TokenRequest.objects.exists()

    assert request_log.flush() == 2

    rows = list(ApiRequest.objects.order_by("id"))
    assert [(r.application_id, r.status) for r in rows] == [(None, 200), (None, 200)]
    links = TokenRequest.objects.order_by("request_id")
    assert [(link.request_id, link.token_id) for link in links] == [(r.pk, token.pk) for r in rows]
    token.refresh_from_db()
    assert token.last_used_at == rows[-1].at


@pytest.mark.django_db(transaction=True)  # the batch's own commit checks the foreign keys
def test_an_application_deleted_before_the_batch_leaves_its_rows_without_it(
    api: Client, app_key: str, pothole: Any, batch_of_five: None
) -> None:
    api.get(f"{V2}/services.json?api_key={app_key}")
    Application.objects.all().delete()
    assert request_log.flush() == 1
    assert list(ApiRequest.objects.values_list("application", "status")) == [(None, 200)]


@pytest.mark.django_db
def test_a_batch_the_database_refuses_costs_no_answer(
    api: Client, app_key: str, pothole: Any, monkeypatch: Any, caplog: Any
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(ApiRequest.objects, "bulk_create", refuse)
    assert api.get(f"{V2}/services.json?api_key={app_key}").status_code == 200
    assert "1 rows could not be written" in caplog.text
    assert request_log.waiting() == 0  # dropped, not kept to grow without bound


@pytest.mark.django_db(transaction=True)
def test_the_timer_writes_the_rows_of_a_quiet_process(
    api: Client, app_key: str, pothole: Any, settings: Any
) -> None:
    settings.LAKSA_API_LOG_BATCH = 1000
    settings.LAKSA_API_LOG_SECONDS = 0.2
    try:
        api.get(f"{V2}/services.json?api_key={app_key}")
        api.get(f"{V2}/services.json?api_key={app_key}")
        deadline = time.monotonic() + 10
        while ApiRequest.objects.count() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ApiRequest.objects.count() == 2
    finally:
        settings.LAKSA_API_LOG_SECONDS = 0
        request_log.stop_timer()


def _keyed_requests(port: int, key: str, count: int) -> list[int]:
    statuses = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for n in range(count):
        path = f"{V2}/services.json" if n % 2 else f"{API}/categories"
        conn.request("GET", path, headers={"X-Api-Key": key})
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
    conn.close()
    return statuses


def _gunicorn(tmp: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = (tmp / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "laksa.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=server_environment(env), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/masuk/")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError((tmp / "gunicorn.log").read_text())


@pytest.mark.parametrize("server", ["uvicorn laksa.asgi", "gunicorn laksa.wsgi"])
@pytest.mark.django_db(transaction=True)
def test_a_clean_shutdown_writes_every_waiting_row(
    tmp_path: Path, app_key: str, pothole: Any, server: str
) -> None:
    """The server holds its rows (a batch far from full, a timer far away) until TERM: then
    every answered request is a row."""
    env = {"LAKSA_API_LOG_BATCH": "10000", "LAKSA_API_LOG_SECONDS": "3600"}
    if server.startswith("uvicorn"):
        with running(tmp_path, env=env) as live:
            statuses = _keyed_requests(live.port, app_key, 20)
            time.sleep(0.5)
            assert ApiRequest.objects.count() == 0  # off the path: nothing written yet
    else:
        process, port = _gunicorn(tmp_path, env)
        try:
            statuses = _keyed_requests(port, app_key, 20)
            time.sleep(0.5)
            assert ApiRequest.objects.count() == 0
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(20)
    assert statuses == [200] * 20
    assert ApiRequest.objects.filter(application__isnull=False, status=200).count() == 20
    assert Application.objects.get().last_used_at is not None
    assert os.environ.get("LAKSA_API_LOG_BATCH") is None  # the test process keeps its own
