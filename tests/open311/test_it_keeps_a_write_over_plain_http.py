"""A write sent to plain http is sent on to https with 308, which keeps its method and body:
after the 301 Django gave, `requests` (what Open311's clients are built on) sent the POST again as
a GET, the new report was never made and the client read another report's id from the list."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client, override_settings
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response

from laksa.reports.models import Channel, Report
from tests.conftest import IN_WEST

V2 = "/open311/v2"


class ThroughDjango(BaseAdapter):
    """`requests` talking to the test client: every request it sends, redirects included."""

    def __init__(self) -> None:
        super().__init__()
        self.client = Client(enforce_csrf_checks=True)
        self.sent: list[tuple[str, str]] = []

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:  # type: ignore[override]
        url = urlsplit(request.url or "")
        self.sent.append((request.method or "", request.url or ""))
        answer = self.client.generic(
            request.method or "",
            url.path + (f"?{url.query}" if url.query else ""),
            request.body or b"",
            content_type=request.headers.get("Content-Type", ""),
            secure=url.scheme == "https",
        )
        response = Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers.update(dict(answer.items()))
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_makes_the_report_a_requests_client_posts_to_http(
    make_report: Any, app_key: str, west: Any
) -> None:
    someone_elses = make_report(description="laporan orang lain")
    session, adapter = requests.Session(), ThroughDjango()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    form = {"api_key": app_key, "service_code": "INF-JLN", "lat": IN_WEST[0],
            "long": IN_WEST[1], "attribute[ukuran]": "kecil", "description": "Lubang baru"}  # fmt: skip
    answer = session.post(f"http://testserver{V2}/requests.json", data=form)
    assert adapter.sent == [
        ("POST", f"http://testserver{V2}/requests.json"),
        ("POST", f"https://testserver{V2}/requests.json"),
    ]
    assert answer.status_code == 200
    [created] = answer.json()
    assert created["service_request_id"] != someone_elses.code
    report = Report.objects.get(code=created["service_request_id"])
    assert report.channel == Channel.OPEN311 and report.description == "Lubang baru"


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize(
    "path", [f"{V2}/requests.json", f"{V2}/requests.xml", f"{V2}/servicerequestupdates.xml",
             "/api/v1/reports", "/lapor/"],
)  # fmt: skip
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_answers_a_write_to_http_with_308(city: Any, path: str, method: str) -> None:
    answer = getattr(Client(), method)(f"{path}?x=1", {"a": "b"})
    assert answer.status_code == 308
    assert answer["Location"] == f"https://testserver{path}?x=1"
    assert Report.objects.count() == 0


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("path", [f"{V2}/requests.json", "/api/v1/categories", "/statistik/"])
def test_it_still_sends_a_read_on_with_301(city: Any, path: str) -> None:
    for answer in (Client().get(path), Client().head(path)):
        assert answer.status_code == 301
        assert answer["Location"] == f"https://testserver{path}"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_lets_a_write_over_https_through(app_key: str, west: Any, pothole: Any) -> None:
    form = {"api_key": app_key, "service_code": "INF-JLN", "lat": IN_WEST[0],
            "long": IN_WEST[1], "attribute[ukuran]": "kecil"}  # fmt: skip
    answer = Client().post(f"{V2}/requests.json", form, secure=True)
    assert answer.status_code == 200
    assert Report.objects.filter(code=answer.json()[0]["service_request_id"]).exists()


@override_settings(SECURE_SSL_REDIRECT=False)
def test_it_leaves_plain_http_alone_when_no_redirect_is_asked(city: Any) -> None:
    assert Client().post(f"{V2}/requests.json", {}).status_code == 403
