"""Photos are served by the app (never from MEDIA_URL): public reports to anyone, others only to
the staff who may see them or the reporter's browser; what is served carries no metadata."""

from __future__ import annotations

import io
import uuid
from datetime import datetime

import pytest
from django.test import Client
from PIL import Image

from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import IN_WEST, login
from tests.images import make_image, upload

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_serves_display_and_thumbnail_as_jpeg(citizen, make_report):
    photo = make_report().photos.get()
    for url, longest in [(f"/foto/{photo.uuid}.jpg", 800), (f"/foto/{photo.uuid}-t.jpg", 320)]:
        response = citizen.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "max-age" in response["Cache-Control"]
        image = Image.open(io.BytesIO(_body(response)))
        assert image.format == "JPEG" and max(image.size) == longest


def test_it_serves_no_exif_gps_or_capture_time(citizen, pothole, west):
    data = make_image(seed=9, gps=(-6.175, 106.625), taken_at=datetime(2026, 11, 1, 9, 30))
    assert b"Exif" in data and b"LaksaTestCam" in data
    citizen.post(
        "/lapor/",
        {
            "form_token": str(uuid.uuid4()),
            "category": str(pothole.pk),
            "description": "Lubang",
            "lat": str(IN_WEST[0]),
            "lng": str(IN_WEST[1]),
            "q_ukuran": "kecil",
            "photos": [upload(data)],
        },
    )
    photo = Report.objects.get().photos.get()
    assert photo.gps_lat is not None  # kept privately for proof checks
    for url in [f"/foto/{photo.uuid}.jpg", f"/foto/{photo.uuid}-t.jpg"]:
        body = _body(citizen.get(url))
        image = Image.open(io.BytesIO(body))
        assert len(image.getexif()) == 0
        assert b"Exif" not in body and b"LaksaTestCam" not in body
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_it_hides_photos_of_private_reports_from_the_public(citizen, make_report, operator):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(public=False)
    photo = report.photos.get()
    assert citizen.get(f"/foto/{photo.uuid}.jpg").status_code == 404
    assert citizen.get(f"/foto/{photo.uuid}-t.jpg").status_code == 404
    staff = login(operator)
    response = staff.get(f"/foto/{photo.uuid}.jpg")
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_it_hides_photos_of_rejected_reports_except_from_staff_who_see_them(
    make_report, operator, supervisor_b
):
    report = make_report()
    actions.reject_report(report, by=operator, reason="Spam")
    photo = report.photos.get()
    assert Client().get(f"/foto/{photo.uuid}.jpg").status_code == 404
    # Supervisor B's agency does not handle this report.
    assert login(supervisor_b).get(f"/foto/{photo.uuid}.jpg").status_code == 404
    assert login(operator).get(f"/foto/{photo.uuid}.jpg").status_code == 200


def test_it_lets_the_reporter_browser_see_its_own_private_photos(make_report):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(public=False)
    photo = report.photos.get()
    browser = Client()
    assert browser.get(f"/foto/{photo.uuid}-t.jpg").status_code == 404
    assert browser.get(f"/r/{report.code}/{report.secret}/").status_code == 200
    assert browser.get(f"/foto/{photo.uuid}-t.jpg").status_code == 200


def test_it_answers_404_for_unknown_photos(citizen, db):
    assert citizen.get(f"/foto/{uuid.uuid4()}.jpg").status_code == 404
    assert citizen.get("/foto/not-a-uuid.jpg").status_code == 404
