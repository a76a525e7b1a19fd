"""Proof-of-work checks with real JPEGs carrying EXIF capture times and GPS (made by the tests):
a new picture, taken after dispatch (EXIF, else the phone's clock, else upload time, recorded),
within 200 m where a location is known; no location = accepted but left for the control room."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from laksa.reports import actions
from laksa.reports.errors import IllegalTransition, InvalidInput, NotAllowed
from laksa.reports.models import PhotoKind, ProofLocation, Report
from laksa.reports.proof import Capture, captures_from_json
from laksa.reports.statuses import Status
from tests.conftest import IN_WEST
from tests.images import make_image, processed


def reencoded(data: bytes, *, quality: int, scale: float) -> Any:
    """The citizen's photo downloaded, shrunk and saved again: a new file, the same picture."""
    import io

    from PIL import Image

    from laksa.lib.images import process_image

    image = Image.open(io.BytesIO(data))
    image = image.resize((int(image.width * scale), int(image.height * scale)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return process_image(
        io.BytesIO(out.getvalue()), size=out.tell(), max_bytes=15 << 20, max_pixels=40_000_000
    )


NEAR = (IN_WEST[0] + 0.001, IN_WEST[1])  # about 110 m north
FAR = (IN_WEST[0] + 0.003, IN_WEST[1])  # about 330 m north


@pytest.fixture
def job(make_report: Any, operator: Any, supervisor_a: Any) -> Report:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    return report


def local_now() -> Any:
    return timezone.localtime().replace(tzinfo=None)  # EXIF times carry no zone


def test_a_photo_with_exif_time_and_gps_near_the_report_passes(
    job: Report, supervisor_a: Any
) -> None:
    photo = processed(seed=5, taken_at=local_now(), gps=NEAR)
    actions.finish_job(job, by=supervisor_a, proof=[photo])
    job.refresh_from_db()
    assert job.status == Status.DONE and job.proof_location == ProofLocation.VERIFIED
    stored = job.photos.get(kind=PhotoKind.PROOF)
    assert stored.time_source == "exif" and stored.location_source == "exif"
    assert 90 < stored.distance_m < 130


def test_a_photo_taken_too_far_away_is_refused_with_the_distance(
    job: Report, supervisor_a: Any
) -> None:
    with pytest.raises(
        InvalidInput, match=r"diambil 3\d\d m dari lokasi laporan \(paling jauh 200 m\)"
    ):
        actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5, gps=FAR)])
    assert Report.objects.get(pk=job.pk).status == Status.DISPATCHED


def test_the_radius_is_the_citys(job: Report, supervisor_a: Any, city: Any) -> None:
    """A photo 330 m away, refused under the default 200 m, passes in a city that allows 500 m."""
    city.proof_radius_m = 500
    city.save()
    job.refresh_from_db()
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5, gps=FAR)])
    job.refresh_from_db()
    assert job.status == Status.DONE and job.proof_location == ProofLocation.VERIFIED
    stored = job.photos.get(kind=PhotoKind.PROOF)
    assert stored.location_source == "exif"
    assert 300 < stored.distance_m < 360  # measured and kept: beyond 200 m, within the city's 500


def test_the_phones_location_counts_when_the_photo_has_no_gps(
    job: Report, supervisor_a: Any
) -> None:
    far = Capture(device_time=timezone.now(), device_lat=FAR[0], device_lng=FAR[1])
    with pytest.raises(InvalidInput, match="m dari lokasi laporan"):
        actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)], captures=[far])
    near = Capture(device_time=timezone.now(), device_lat=NEAR[0], device_lng=NEAR[1])
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)], captures=[near])
    stored = job.photos.get(kind=PhotoKind.PROOF)
    assert stored.time_source == "device" and stored.location_source == "device"


def test_exif_time_before_dispatch_is_refused(job: Report, supervisor_a: Any) -> None:
    before = timezone.localtime(job.dispatched_at).replace(tzinfo=None) - timedelta(hours=2)
    with pytest.raises(InvalidInput, match=r"sebelum pekerjaan ditugaskan .* EXIF"):
        actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5, taken_at=before)])


def test_the_phones_clock_before_dispatch_is_refused(job: Report, supervisor_a: Any) -> None:
    early = Capture(device_time=job.dispatched_at - timedelta(hours=1))
    with pytest.raises(InvalidInput, match="jam ponsel"):
        actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)], captures=[early])


def test_without_any_time_the_upload_time_is_used_and_recorded(
    job: Report, supervisor_a: Any
) -> None:
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    stored = job.photos.get(kind=PhotoKind.PROOF)
    assert stored.time_source == "upload" and stored.taken_at is not None


@pytest.mark.parametrize(
    "raw",
    [
        '[{"time": "0001-01-01T00:00:00+07:00"}]',  # a clock never set, at the calendar's edge
        '[{"time": "1970-01-01T07:00:00+07:00"}]',  # a cheap phone after a flat battery
        '[{"time": "9999-12-31T23:00:00+07:00"}]',
        '[{"lat": 1' + "0" * 400 + ', "lng": 1}]',  # beyond what a float holds
    ],
)
def test_a_phone_clock_or_place_that_tells_nothing_is_set_aside(
    job: Report, supervisor_a: Any, raw: str
) -> None:
    """The upload time is used instead (and recorded), rather than a refusal or an error."""
    captures = captures_from_json(raw)
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)], captures=captures)
    stored = job.photos.get(kind=PhotoKind.PROOF)
    assert (stored.time_source, stored.location_source) == ("upload", "none")


def test_the_reports_own_photo_or_a_near_copy_is_refused(job: Report, supervisor_a: Any) -> None:
    with pytest.raises(InvalidInput, match="sama dengan foto laporan warga"):
        actions.finish_job(job, by=supervisor_a, proof=[processed(seed=1)])
    recompressed = reencoded(make_image(seed=1), quality=35, scale=0.7)  # the same, re-saved
    with pytest.raises(InvalidInput, match="Foto bukti 1 sama"):
        actions.finish_job(job, by=supervisor_a, proof=[recompressed])


def test_no_location_is_accepted_but_left_for_the_control_room(
    job: Report, supervisor_a: Any, operator: Any
) -> None:
    event = actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    job.refresh_from_db()
    assert job.status == Status.DONE and job.proof_location == ProofLocation.UNVERIFIED
    assert "tanpa lokasi" in event.internal_note and event.data["location_unverified"] == 1
    with pytest.raises(NotAllowed):
        actions.accept_proof(job, by=supervisor_a)
    actions.accept_proof(job, by=operator)
    job.refresh_from_db()
    assert job.proof_location == ProofLocation.ACCEPTED
    with pytest.raises(IllegalTransition):
        actions.accept_proof(job, by=operator)  # once


def test_the_control_room_can_send_a_job_back_with_a_reason(
    job: Report, supervisor_a: Any, operator: Any
) -> None:
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    job.refresh_from_db()
    with pytest.raises(InvalidInput):
        actions.return_job(job, by=operator, reason=" ")
    event = actions.return_job(
        job, by=operator, reason="Foto tidak menunjukkan lokasi", expected_version=job.version
    )
    job.refresh_from_db()
    assert job.status == Status.DISPATCHED and job.proof_location == "" and job.done_at is None
    assert event.internal_note == "Foto tidak menunjukkan lokasi" and event.public_note


def test_the_console_shows_the_decision_and_takes_it(
    job: Report, supervisor_a: Any, operator: Any
) -> None:
    from django.urls import reverse

    from tests.conftest import login

    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    job.refresh_from_db()
    desk = login(operator)
    page = desk.get(reverse("console:report", args=[job.code])).content.decode()
    assert "Bukti tanpa lokasi menunggu keputusan" in page
    url = reverse("console:proof", args=[job.code])
    refused = desk.post(url, {"version": job.version, "decision": "return", "reason": ""})
    assert refused.status_code == 400
    desk.post(url, {"version": job.version, "decision": "return", "reason": "Foto buram"})
    job.refresh_from_db()
    assert job.status == Status.DISPATCHED
    assert (
        login(supervisor_a).post(url, {"version": job.version, "decision": "accept"}).status_code
        == 403
    )


def test_a_job_waiting_for_the_control_room_is_not_closed_automatically(
    job: Report, supervisor_a: Any, operator: Any, city: Any
) -> None:
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    long_after = timezone.now() + timedelta(days=city.confirm_days + 30)
    assert actions.close_unconfirmed(long_after) == 0
    job.refresh_from_db()
    assert job.status == Status.DONE and job.proof_location == ProofLocation.UNVERIFIED
    actions.return_job(job, by=operator, reason="Foto tidak menunjukkan lokasi")
    job.refresh_from_db()
    assert job.status == Status.DISPATCHED


def test_an_accepted_job_closes_once_the_window_has_passed(
    job: Report, supervisor_a: Any, operator: Any, city: Any
) -> None:
    actions.finish_job(job, by=supervisor_a, proof=[processed(seed=5)])
    long_after = timezone.now() + timedelta(days=city.confirm_days + 1)
    actions.accept_proof(job, by=operator)
    assert actions.close_unconfirmed(long_after) == 1
    assert Report.objects.get(pk=job.pk).status == Status.CLOSED
