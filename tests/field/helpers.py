"""What the SIGAP tests share: a job the supervisor has accepted, and a completion sent as the
page's form or as the phone's offline queue sends it."""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client
from django.urls import reverse

from laksa.dispatch import actions as field_actions
from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import IN_WEST
from tests.images import make_image, upload

NEAR = (IN_WEST[0] + 0.001, IN_WEST[1])  # about 110 m from the report: a located proof


def accepted_job(make_report: Any, operator: Any, supervisor: Any, *, seed: int) -> Report:
    report = make_report(seed=seed)
    actions.verify_report(report, by=operator)
    field_actions.accept_job(report, by=supervisor)
    report.refresh_from_db()
    return report


def proof_file(seed: int, **kwargs: Any) -> Any:
    return upload(make_image(seed=seed, **kwargs), name=f"bukti-{seed}.jpg")


def complete(
    client: Client, report: Report, *files: Any, queued: bool = False, client_id: str = ""
) -> Any:
    """The completion form as the page posts it (then followed to the page it leads to), or as
    the offline queue sends it (JSON answer)."""
    data = {"version": report.version, "note": "", "proof": list(files)}
    url = reverse("field:act", args=[report.code, "complete"])
    if queued:
        data["client_id"] = client_id or str(uuid.uuid4())
        return client.post(url, data, headers={"X-Laksa-Queue": "1"})
    return client.post(url, data, follow=True)
