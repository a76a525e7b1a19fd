"""A proof photo already used for another of the city's jobs is not accepted silently: the job
turns done but waits for the LIVE Room, flagged with the other report's code, and the
supervisor is told. Exact copies and near copies (re-saved, shrunk) both count; proofs older
than the window (LAKSA_PROOF_REUSE_DAYS, 90 days by default) do not."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from PIL import Image

from laksa.dispatch.available import available_actions
from laksa.reports.models import EventKind, Photo, PhotoKind, ProofLocation, Report
from laksa.reports.statuses import Status
from tests.conftest import login
from tests.field.helpers import NEAR, accepted_job, complete, proof_file
from tests.images import make_image, upload


@pytest.fixture
def first(make_report: Any, operator: Any, supervisor_a: Any) -> Report:
    """A job finished with a located proof photo (seed 40): verified, nothing to review."""
    report = accepted_job(make_report, operator, supervisor_a, seed=1)
    complete(login(supervisor_a), report, proof_file(40, gps=NEAR))
    report.refresh_from_db()
    assert report.status == Status.DONE and report.proof_location == ProofLocation.VERIFIED
    return report


@pytest.fixture
def second(make_report: Any, operator: Any, supervisor_a: Any) -> Report:
    return accepted_job(make_report, operator, supervisor_a, seed=2)


def done_event(report: Report) -> Any:
    return report.events.get(kind=EventKind.STATUS, to_status=Status.DONE)


def test_it_flags_the_same_photo_sent_for_a_second_job(
    first: Report, second: Report, supervisor_a: Any, operator: Any
) -> None:
    page = complete(login(supervisor_a), second, proof_file(40, gps=NEAR))
    second.refresh_from_db()
    assert second.status == Status.DONE
    assert second.proof_location == ProofLocation.UNVERIFIED  # the LIVE Room decides
    event = done_event(second)
    assert event.data["proof_reused"] == [first.code]
    assert f"sama dengan bukti laporan {first.code}" in event.internal_note
    assert {"accept_proof", "return"} <= available_actions(operator, second)
    body = page.content.decode()
    assert "Pekerjaan selesai" in body
    assert f"Foto bukti sama dengan foto bukti laporan {first.code}" in body
    assert "menunggu pemeriksaan LIVE Room" in body


def test_it_flags_a_near_copy_of_another_jobs_proof(
    first: Report, second: Report, supervisor_a: Any
) -> None:
    """The first proof re-saved smaller at another quality: other bytes, the same picture."""
    image = Image.open(io.BytesIO(make_image(seed=40, gps=NEAR)))
    out = io.BytesIO()
    image.resize((640, 480)).save(out, "JPEG", quality=60)
    answer = complete(login(supervisor_a), second, upload(out.getvalue()), queued=True)
    assert answer.status_code == 200, answer.content
    assert first.code in " ".join(answer.json()["notices"])
    second.refresh_from_db()
    assert second.proof_location == ProofLocation.UNVERIFIED
    assert done_event(second).data["proof_reused"] == [first.code]


def test_it_accepts_a_new_photo_without_a_flag(
    first: Report, second: Report, supervisor_a: Any
) -> None:
    answer = complete(login(supervisor_a), second, proof_file(41, gps=NEAR), queued=True)
    assert answer.json()["notices"] == []
    second.refresh_from_db()
    assert second.proof_location == ProofLocation.VERIFIED
    assert done_event(second).data["proof_reused"] == []


def test_it_looks_back_only_over_the_window(
    first: Report, second: Report, supervisor_a: Any, settings: Any
) -> None:
    Photo.objects.filter(report=first, kind=PhotoKind.PROOF).update(
        created_at=first.done_at - timedelta(days=91)
    )
    complete(login(supervisor_a), second, proof_file(40, gps=NEAR))
    second.refresh_from_db()
    assert second.proof_location == ProofLocation.VERIFIED


def test_the_window_is_a_setting(
    first: Report, second: Report, supervisor_a: Any, settings: Any
) -> None:
    settings.LAKSA_PROOF_REUSE_DAYS = 10
    Photo.objects.filter(report=first, kind=PhotoKind.PROOF).update(
        created_at=first.done_at - timedelta(days=20)
    )
    complete(login(supervisor_a), second, proof_file(40, gps=NEAR))
    second.refresh_from_db()
    assert second.proof_location == ProofLocation.VERIFIED


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is read here")
def test_it_reads_recent_proofs_through_indexes(first: Report) -> None:
    """Not a scan of every photo: exact copies by the sha256 index, near copies among the
    window's proof photos by the (kind, created_at) index."""
    exact = Photo.objects.filter(sha256="0" * 64).explain()
    window = Photo.objects.filter(
        kind__in=[PhotoKind.PROOF, PhotoKind.PROGRESS], created_at__gte=first.created_at
    ).explain()
    assert "photo_sha256" in exact
    assert "photo_kind_created" in window


def test_it_flags_a_co_agencys_part_done_with_another_jobs_proof(
    first: Report,
    make_report: Any,
    operator: Any,
    supervisor_a: Any,
    supervisor_b: Any,
    agency_b: Any,
) -> None:
    """A co-agency's part has no review of its own: the flag goes in the LIVE Room's timeline
    and the supervisor is told."""
    from laksa.dispatch import actions as field_actions
    from laksa.reports import actions

    report = make_report(seed=3)
    actions.verify_report(report, by=operator, co_agencies=[agency_b])
    field_actions.accept_job(report, by=supervisor_a)  # the lead's part is under way
    field_actions.accept_job(report, by=supervisor_b)
    report.refresh_from_db()
    answer = complete(login(supervisor_b), report, proof_file(40, gps=NEAR), queued=True)
    assert answer.status_code == 200, answer.content
    assert first.code in " ".join(answer.json()["notices"])
    event = report.events.get(kind=EventKind.PROGRESS)
    assert event.data["part_done"] and event.data["proof_reused"] == [first.code]
    assert first.code in event.internal_note
