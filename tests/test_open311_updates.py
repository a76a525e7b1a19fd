"""FixMyStreet's update exchange and the photos a request shows: an outside update keeps its
media_url, a progress or proof update shows its photo, each update reads the status the report
had then, and extensions list every public photo in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laksa.reports import actions
from laksa.reports.models import Photo, PhotoKind, Report
from tests.images import processed
from tests.test_open311 import V2, xml


def window() -> str:
    start = (timezone.now() - timedelta(hours=1)).isoformat().replace("+", "%2B")
    end = (timezone.now() + timedelta(minutes=5)).isoformat().replace("+", "%2B")
    return f"start_date={start}&end_date={end}"


def photo_url(photo: Photo) -> str:
    return f"http://testserver/foto/{photo.uuid}.jpg"


def worked_on(report: Report, operator: Any, supervisor: Any) -> Report:
    """Verified, dispatched, started, one progress photo, finished with two proof photos."""
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor)
    actions.start_job(report, by=supervisor)
    actions.report_progress(report, by=supervisor, note="Sedang ditambal", photos=[processed(21)])
    actions.finish_job(report, by=supervisor, proof=[processed(77), processed(78)])
    report.refresh_from_db()
    return report


def test_it_keeps_the_media_url_an_outside_update_was_posted_with(
    api: Client, app_key: str, make_report: Any, operator: Any
) -> None:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "fms-1",
            "description": "Foto terbaru dari warga", "status": "OPEN",
            "media_url": "https://fms.example.org/photo/1.jpeg"}  # fmt: skip
    assert api.post(f"{V2}/servicerequestupdates.xml", body).status_code == 200
    data = api.get(f"{V2}/servicerequestupdates.json?{window()}").json()
    [outside] = [u for u in data if u["description"] == "Foto terbaru dari warga"]
    assert outside["media_url"] == "https://fms.example.org/photo/1.jpeg"
    root = xml(api.get(f"{V2}/servicerequestupdates.xml?{window()}"))
    assert root.findtext("request_update[description='Foto terbaru dari warga']/media_url") == (
        "https://fms.example.org/photo/1.jpeg"
    )


@pytest.mark.parametrize("media_url", ["javascript:alert(1)", "ftp://x.example/a.jpg"])
def test_it_refuses_an_update_media_url_that_is_not_http(
    api: Client, app_key: str, make_report: Any, media_url: str
) -> None:
    report = make_report(seed=1)
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "fms-2",
            "description": "Catatan", "media_url": media_url}  # fmt: skip
    for fmt in ("json", "xml"):
        response = api.post(f"{V2}/servicerequestupdates.{fmt}", body)
        assert response.status_code == 400
        if fmt == "json":
            assert "media_url" in response.json()[0]["description"]
        else:
            assert "media_url" in xml(response).findtext("error/description")
    assert not report.events.filter(kind="comment").exists()


def test_it_shows_the_photo_of_a_progress_or_proof_update(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = worked_on(make_report(seed=1), operator, supervisor_a)
    progress = Photo.objects.get(report=report, kind=PhotoKind.PROGRESS)
    first_proof = Photo.objects.filter(report=report, kind=PhotoKind.PROOF).order_by("id")[0]
    data = api.get(f"{V2}/servicerequestupdates.json?{window()}&extensions=true").json()
    by_kind = {u["extended_attributes"]["kind"]: u for u in data}
    assert by_kind["progress"]["media_url"] == photo_url(progress)
    done = next(u for u in data if u["extended_attributes"]["detailed_status"] == "done")
    assert done["media_url"] == photo_url(first_proof)
    assert by_kind["routed"]["media_url"] is None
    root = xml(api.get(f"{V2}/servicerequestupdates.xml?{window()}"))
    assert photo_url(progress) in [u.findtext("media_url") for u in root.findall("request_update")]


def test_it_gives_an_old_note_the_status_the_report_had_then(
    api: Client, app_key: str, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "fms-3",
            "description": "Masih berlubang"}  # fmt: skip
    assert api.post(f"{V2}/servicerequestupdates.json", body).status_code == 200
    actions.accept_job(report, by=supervisor_a)
    actions.start_job(report, by=supervisor_a)
    actions.finish_job(report, by=supervisor_a, proof=[processed(77)])
    data = api.get(f"{V2}/servicerequestupdates.json?{window()}&extensions=true").json()
    [note] = [u for u in data if u["description"] == "Masih berlubang"]
    assert note["status"] == "open"
    assert note["extended_attributes"]["detailed_status"] == "verified"
    assert data[-1]["status"] == "closed"  # the proof, after it
    root = xml(api.get(f"{V2}/servicerequestupdates.xml?{window()}"))
    assert root.findtext("request_update[description='Masih berlubang']/status") == "open"


def test_it_lists_every_public_photo_with_extensions(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    report = worked_on(make_report(seed=1), operator, supervisor_a)
    photos = list(Photo.objects.filter(report=report).order_by("id"))
    assert [p.kind for p in photos] == ["before", "progress", "proof", "proof"]
    [one] = api.get(f"{V2}/requests/{report.code}.json?extensions=true").json()
    assert one["extended_attributes"]["media_urls"] == [photo_url(p) for p in photos]
    assert one["media_url"] == photo_url(photos[0])  # the report's own photo
    root = xml(api.get(f"{V2}/requests.xml?extensions=true"))
    listed = root.findall("request/extended_attributes/media_urls/media_url")
    assert [m.text for m in listed] == [photo_url(p) for p in photos]


def test_it_lists_photos_and_updates_in_a_fixed_number_of_queries(
    api: Client, make_report: Any, operator: Any, supervisor_a: Any
) -> None:
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    worked_on(make_report(seed=1), operator, supervisor_a)
    few = queries(f"{V2}/requests.json?extensions=true")
    few_updates = queries(f"{V2}/servicerequestupdates.json?{window()}")
    for seed in (2, 3, 4):
        worked_on(make_report(seed=seed), operator, supervisor_a)
    assert len(api.get(f"{V2}/requests.json").json()) == 4
    assert queries(f"{V2}/requests.json?extensions=true") == few
    assert queries(f"{V2}/servicerequestupdates.json?{window()}") == few_updates


def test_it_refuses_an_update_id_over_100_characters_rather_than_cutting_it(
    api: Client, app_key: str, make_report: Any, operator: Any
) -> None:
    report = make_report(seed=1)
    actions.verify_report(report, by=operator)
    # Cut to 100, these two would be one update and the second answered as the first.
    for n, fmt in enumerate(("json", "xml")):
        body = {"api_key": app_key, "service_request_id": report.code,
                "update_id": "u" * 100 + str(n), "description": "Catatan"}  # fmt: skip
        response = api.post(f"{V2}/servicerequestupdates.{fmt}", body)
        assert response.status_code == 400
        if fmt == "json":
            assert "update_id" in response.json()[0]["description"]
        else:
            assert "update_id" in xml(response).findtext("error/description")
    assert not report.events.filter(kind="comment").exists()
    body = {"api_key": app_key, "service_request_id": report.code, "update_id": "u" * 100,
            "description": "Catatan"}  # fmt: skip
    assert api.post(f"{V2}/servicerequestupdates.json", body).status_code == 200
