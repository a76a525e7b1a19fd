"""Finding 9 of issue 16: anonymous requests write no log row; old log rows are pruned by a
periodic job; a key's rate is counted atomically in the cache, so twenty threads cannot pass it;
a bad Host header is one line in the log."""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache

from laksa.api.models import PersonalToken, TokenRequest
from laksa.lib import clock as domain_clock
from laksa.lib.one_line_log import OneLineFormatter
from laksa.org import keys
from laksa.org.models import ApiRequest, Application
from laksa.org.tasks import prune_api_request_log
from tests.api_helpers import API, bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window")]


@pytest.mark.parametrize("path", ["/nothing-here", "/reports/UJI-0000-00001/nothing", "/"])
def test_anonymous_requests_write_no_log_row(citizen, city, path):
    response = citizen.get(API + path)
    posted = citizen.post(API + path, {})
    assert response.status_code == 404 and posted.status_code in (404, 405)
    assert not ApiRequest.objects.exists()


def test_old_log_rows_are_pruned_by_a_periodic_job(settings, city, operator, clock):
    settings.LAKSA_API_LOG_DAYS = 30
    now = clock.at("2026-12-01T10:00")
    app, _key = Application.create_with_key(city, "Aplikasi Warga")
    token, _ = PersonalToken.create_with_key(operator, "ponsel")
    for days in (400, 31, 29, 0):
        row = ApiRequest.objects.create(
            application=app, method="GET", path="/api/v1/", status=200,
            at=now - timedelta(days=days),
        )  # fmt: skip
        TokenRequest.objects.create(request=row, token=token, at=row.at)

    removed = prune_api_request_log.call_local()

    assert removed == 2
    kept = sorted((now - at).days for at in ApiRequest.objects.values_list("at", flat=True))
    assert kept == [0, 29]
    assert TokenRequest.objects.count() == 2
    assert prune_api_request_log.call_local() == 0


def test_the_prune_job_is_periodic():
    from huey.api import PeriodicTask

    assert issubclass(prune_api_request_log.task_class, PeriodicTask)


def test_twenty_threads_cannot_pass_a_keys_rate(city):
    allowed: list[bool] = []
    lock = threading.Lock()

    def caller() -> None:
        for _ in range(15):
            try:
                keys.check_rate("app:4242", 120)
                outcome = True
            except keys.KeyRefused as exc:
                assert exc.status == 429
                outcome = False
            with lock:
                allowed.append(outcome)

    threads = [threading.Thread(target=caller) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 300
    assert allowed.count(True) == 120


def test_the_rate_is_not_counted_from_the_log(citizen, city, pothole, operator):
    app, key = Application.create_with_key(city, "Aplikasi Warga")
    Application.objects.filter(pk=app.pk).update(requests_per_minute=2)
    token, token_key = PersonalToken.create_with_key(operator, "ponsel")
    PersonalToken.objects.filter(pk=token.pk).update(requests_per_minute=2)
    for _ in range(2):
        citizen.get(f"{API}/categories", headers={"X-Api-Key": key})
        citizen.get(f"{API}/staff/reports", headers=bearer(token_key))
    ApiRequest.objects.all().delete()  # the log is not what counts

    assert citizen.get(f"{API}/categories", headers={"X-Api-Key": key}).status_code == 429
    assert citizen.get(f"{API}/staff/reports", headers=bearer(token_key)).status_code == 429
    cache.clear()
    assert citizen.get(f"{API}/categories", headers={"X-Api-Key": key}).status_code == 200
    assert domain_clock.now()  # (the clock is the domain's; the window is the cache's)


def test_a_bad_host_header_is_one_line_in_the_log(citizen, city):
    logger = logging.getLogger("django.security.DisallowedHost")
    (handler,) = [h for h in logger.handlers if isinstance(h.formatter, OneLineFormatter)]
    assert logger.propagate is False
    out = io.StringIO()
    old = handler.setStream(out)  # type: ignore[attr-defined]
    try:
        response = citizen.get("/", HTTP_HOST="evil.example")
    finally:
        handler.setStream(old)  # type: ignore[attr-defined]
    assert response.status_code == 400
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Invalid HTTP_HOST header: 'evil.example'" in lines[0]
    assert "Traceback" not in out.getvalue()
