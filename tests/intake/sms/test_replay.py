"""Every provider retries: the same provider message id again is the same inbox row, answered the
same way, and makes one report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.intake.sms.conftest import (
    drain,
    fixture_bytes,
    fixture_text,
    gammu_env,
    get_kannel,
    post_gateway,
)


def test_it_makes_one_report_of_a_replayed_gateway_message(gateway_account: Any) -> None:
    first = post_gateway(fixture_bytes("gateway_message.json"))
    again = post_gateway(fixture_bytes("gateway_message.json"))
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert InboxMessage.objects.count() == 1
    drain()
    later = post_gateway(fixture_bytes("gateway_message.json"))  # after its report was made
    assert later.json() == first.json()
    assert drain() == 0
    assert InboxMessage.objects.count() == 1 and Report.objects.count() == 1


def test_it_makes_one_report_of_a_replayed_kannel_message(kannel_account: Any) -> None:
    query = fixture_text("kannel_get_lapor.query")
    for _ in range(3):
        assert get_kannel(query, token=kannel_account.webhook_token).status_code == 200
    drain()
    assert InboxMessage.objects.count() == 1 and Report.objects.count() == 1


def test_it_makes_one_report_when_smsd_runs_the_command_again(
    gammu_account: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    for key, value in gammu_env("gammu_env_concatenated.env").items():
        monkeypatch.setenv(key, value)
    call_command("sms_receive", "--account", "modem", "41", "42")
    call_command("sms_receive", "--account", "modem", "42", "41")
    assert capsys.readouterr().out.split() == ["accepted", "41", "duplicate", "41"]
    drain()
    assert Report.objects.count() == 1
    assert Report.objects.get().idempotency_key == "modem:41"


def test_it_keeps_two_messages_with_different_ids_apart(gateway_account: Any) -> None:
    message = {"from": "081234567890", "text": "Lampu jalan mati #Barat"}
    post_gateway({**message, "id": "a-1"})
    post_gateway({**message, "id": "a-2"})
    drain()
    assert Report.objects.count() == 2


def test_it_keeps_every_message_of_a_provider_that_gives_no_id(kannel_account: Any) -> None:
    """Without Kannel's %I there is nothing to tell a retry from a new message: each is kept
    (docs/channels.md says such a provider's retries may double)."""
    query = "from=%2B6281234567890&text=Lapor+got+mampet+%23Barat"
    for _ in range(2):
        assert get_kannel(query, token=kannel_account.webhook_token).status_code == 200
    ids = list(InboxMessage.objects.values_list("message_id", flat=True))
    assert len(ids) == 2 and all(i.startswith("laksa-") for i in ids) and ids[0] != ids[1]
    drain()
    assert Report.objects.count() == 2


def test_it_keeps_two_long_ids_sharing_their_first_150_characters_apart(
    gateway_account: Any, kannel_account: Any
) -> None:
    """Cut to the column, the second would be taken for a retry of the first and lost."""
    message = {"from": "081234567890", "text": "Lampu jalan mati #Barat"}
    for suffix in ("A", "B", "A"):  # the second A is a retry
        response = post_gateway({**message, "id": "x" * 150 + suffix})
        assert response.status_code == 200
    token = kannel_account.webhook_token
    for suffix in ("A", "B"):
        query = f"from=%2B6281234567890&text=Lapor+got+mampet+%23Barat&id={'1' * 150}{suffix}"
        assert get_kannel(query, token=token).status_code == 200
    ids = list(InboxMessage.objects.values_list("message_id", flat=True))
    assert len(ids) == 4 and len(set(ids)) == 4 and all(len(i) <= 150 for i in ids)
    drain()
    assert Report.objects.count() == 4
    assert all(len(r.idempotency_key or "") <= 200 for r in Report.objects.all())
