"""The production site's nginx (deploy/nginx/laksa-site.conf) sends a write on plain http to
https with 308, which keeps its method and body, and a read with 301 as before: after a 301
`requests` sends a POST again as a GET."""

from __future__ import annotations

import http.client

import pytest

from tests.serving.test_production_site import site  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def sent(port: int, method: str, path: str, body: bytes = b"") -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    response.read()
    return response


def test_it_sends_writes_on_with_308_and_reads_with_301(site: tuple[int, int]) -> None:  # noqa: F811
    http_port, https_port = site
    for method, path in [("POST", "/open311/v2/requests.json"), ("POST", "/api/v1/reports"),
                         ("PUT", "/open311/v2/requests.xml"), ("DELETE", "/api/v1/x")]:  # fmt: skip
        answer = sent(http_port, method, f"{path}?a=1", b"service_code=INF-JLN")
        assert answer.status == 308, (method, path)
        assert answer.getheader("Location") == f"https://127.0.0.1:{https_port}{path}?a=1"
    for method in ("GET", "HEAD"):
        answer = sent(http_port, method, "/open311/v2/requests.json")
        assert answer.status == 301
        assert answer.getheader("Location") == (
            f"https://127.0.0.1:{https_port}/open311/v2/requests.json"
        )
