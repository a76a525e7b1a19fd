"""A proof with no place (no GPS in the photo, no location from the phone) is accepted, but the
supervisor is told that it goes to the LIVE Room for review: on the page after completing, in
the offline queue's JSON answer, and again when the queue sends the same action twice."""

from __future__ import annotations

import uuid
from typing import Any

from laksa.reports.models import ProofLocation
from laksa.reports.statuses import Status
from tests.conftest import login
from tests.field.helpers import NEAR, accepted_job, complete, proof_file

UNKNOWN_PLACE = "Lokasi foto bukti tidak diketahui, jadi bukti ini diperiksa LIVE Room"


def test_it_says_so_on_the_page_after_completing(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    page = complete(login(supervisor_a), report, proof_file(50))
    report.refresh_from_db()
    assert report.status == Status.DONE and report.proof_location == ProofLocation.UNVERIFIED
    body = page.content.decode()
    assert page.redirect_chain and page.status_code == 200
    assert 'class="msg-warning"' in body and UNKNOWN_PLACE in body
    assert 'class="notice proof-waiting"' in body  # and it stays on the job's page


def test_it_says_so_in_the_queues_answer_and_on_a_resend(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    client, key = login(supervisor_a), str(uuid.uuid4())
    answer = complete(client, report, proof_file(50), queued=True, client_id=key)
    assert answer.status_code == 200
    first = answer.json()
    assert first["ok"] and not first["repeat"]
    assert len(first["notices"]) == 1 and first["notices"][0].startswith(UNKNOWN_PLACE)
    again = complete(client, report, proof_file(50), queued=True, client_id=key).json()
    assert again["repeat"] and again["notices"] == first["notices"]


def test_it_says_nothing_when_the_place_is_known(
    make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    page = complete(login(supervisor_a), report, proof_file(50, gps=NEAR))
    body = page.content.decode()
    assert "Pekerjaan selesai" in body
    assert UNKNOWN_PLACE not in body and "proof-waiting" not in body
