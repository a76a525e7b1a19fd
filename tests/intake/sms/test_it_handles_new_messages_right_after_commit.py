"""After the door's commit a huey task handles the new rows at once; when that task cannot be
queued, the door still answers and the drain (every minute, or `laksa intake-drain`) makes the
report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from laksa.intake import tasks
from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import fixture_bytes, fixture_text, get_kannel, post_gateway


def test_it_makes_the_report_right_after_the_commit(
    gateway_account: Any, huey_immediate: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_gateway(fixture_bytes("gateway_message.json"))
        assert not Report.objects.exists()
    assert response.status_code == 200
    assert InboxMessage.objects.get().report == Report.objects.get()


def test_it_queues_nothing_for_a_replay(
    kannel_account: Any, huey_immediate: None, django_capture_on_commit_callbacks: Any
) -> None:
    query = fixture_text("kannel_get_lapor.query")
    with django_capture_on_commit_callbacks(execute=True) as first:
        get_kannel(query, token=kannel_account.webhook_token)
    with django_capture_on_commit_callbacks(execute=True) as again:
        get_kannel(query, token=kannel_account.webhook_token)
    assert first and not again  # first: the task (and the report's own after-commit wake-ups)
    assert Report.objects.count() == 1


def test_it_answers_when_the_queue_is_down_and_the_drain_makes_the_report(
    gateway_account: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    def queue_down(ids: list[int]) -> None:
        raise ConnectionError("redis: connection refused")

    monkeypatch.setattr(tasks, "handle_inbox", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_gateway(fixture_bytes("gateway_message.json"))
    assert response.status_code == 200 and response.json()["results"][0]["accepted"] is True
    assert InboxMessage.objects.get().handled_at is None and not Report.objects.exists()
    call_command("intake_drain", "--once")
    assert capsys.readouterr().out.strip() == "1 pesan ditangani"
    assert Report.objects.count() == 1


def test_where_drain_processes_run_the_door_queues_no_task(
    gateway_account: Any,
    huey_immediate: None,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LAKSA_INBOX_TASK off (make run, beside its `laksa intake-drain` processes): the door only
    stores the row; a task for each message cost the door and the worker more than the
    message's own handling (docs/performance.md, the twelfth sitting)."""
    settings.LAKSA_INBOX_TASK = False
    queued: list[list[int]] = []
    monkeypatch.setattr(tasks, "handle_inbox", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_gateway(fixture_bytes("gateway_message.json"))
    assert response.status_code == 200 and response.json()["results"][0]["accepted"] is True
    assert queued == [] and not Report.objects.exists()
    call_command("intake_drain", "--once", verbosity=0)
    assert InboxMessage.objects.get().report == Report.objects.get()
