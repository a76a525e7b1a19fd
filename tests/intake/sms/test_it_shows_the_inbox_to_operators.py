"""The intake inbox in the admin: read-only, filtered by state, with the error of a row that
failed, and an action that starts a given-up row again."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.intake import inbox
from laksa.intake.models import InboxMessage
from laksa.reports.models import Report
from tests.conftest import login
from tests.intake.sms.conftest import drain, post_gateway


def test_it_lists_given_up_rows_with_their_error_and_retries_them(
    gateway_account: Any, admin_user: Any, monkeypatch: pytest.MonkeyPatch, clock: Any
) -> None:
    clock.at("2026-12-01T09:00")
    post_gateway({"id": "ok-1", "from": "081234567890", "text": "Lampu mati #Barat"})
    drain()

    def fails(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kategori penampung hilang")

    monkeypatch.setattr(inbox, "handle", fails)
    post_gateway({"id": "gagal-1", "from": "081234567890", "text": "Pohon tumbang"})
    for _ in range(inbox.MAX_ATTEMPTS):
        drain()
        clock.shift(hours=2)
    monkeypatch.undo()
    client = login(admin_user)
    page = client.get("/admin/intake/inboxmessage/?keadaan=given_up").content.decode()
    assert "gagal-1" in page and "kategori penampung hilang" in page and "ok-1" not in page
    failed = InboxMessage.objects.get(message_id="gagal-1")
    assert client.get(f"/admin/intake/inboxmessage/{failed.pk}/change/").status_code == 200
    assert client.get("/admin/intake/inboxmessage/add/").status_code == 403
    client.post(
        "/admin/intake/inboxmessage/",
        {"action": "retry_now", "_selected_action": [failed.pk]},
    )
    failed.refresh_from_db()
    assert failed.attempts == 0 and failed.handled_at is None
    assert drain() == 1 and Report.objects.count() == 2
