"""Finding 3 of issue 16: a body over its path's cap is refused with 413 before a byte of it is
read, in the caller's format; a body without a length is refused too; Open311 checks a key it can
see before it reads the body."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from laksa.reports.models import Report

pytestmark = pytest.mark.django_db
HUGE = str(300 * 1024 * 1024)


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    read_at_all = False

    def read(self, *args: object) -> bytes:
        UnreadableBody.read_at_all = True
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def _unread():
    UnreadableBody.read_at_all = False


def post_huge(client: Client, path: str, **extra: str):
    return client.post(
        path, b"", content_type="multipart/form-data; boundary=X",
        CONTENT_LENGTH=HUGE, **{"wsgi.input": UnreadableBody()}, **extra,
    )  # fmt: skip


def test_the_api_refuses_a_huge_upload_unread_in_json(citizen, city):
    response = post_huge(citizen, "/api/v1/reports")
    assert response.status_code == 413
    (error,) = response.json()["errors"]
    assert error["code"] == "payload_too_large"
    assert error["message"] == "Isi permintaan terlalu besar (maksimal 76 MB)."
    assert not UnreadableBody.read_at_all
    assert not Report.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_refuses_a_huge_upload_unread_in_its_error_list(api, city, fmt):
    response = post_huge(api, f"/open311/v2/requests.{fmt}")
    assert response.status_code == 413
    if fmt == "json":
        (error,) = json.loads(response.content)
        assert error["code"] == 413 and "terlalu besar" in error["description"]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors" and root.find("error/code").text == "413"
    assert not UnreadableBody.read_at_all


@pytest.mark.parametrize("path", ["/lapor/", "/buku-tamu/"])
def test_the_site_refuses_a_huge_upload_with_a_page(citizen, city, path):
    response = post_huge(citizen, path)
    assert response.status_code == 413
    body = response.content.decode()
    assert "<html" in body and "Isi permintaan terlalu besar (maksimal 76 MB)." in body
    assert not UnreadableBody.read_at_all


def test_other_paths_have_a_smaller_cap(citizen, city, settings):
    big_form = str(settings.LAKSA_BODY_MAX_BYTES + 1)
    response = citizen.post(
        "/masuk/", b"", content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=big_form, **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 413
    assert not UnreadableBody.read_at_all


def test_a_body_without_a_length_is_refused(citizen, city):
    response = citizen.post(
        "/api/v1/reports", b"", content_type="multipart/form-data; boundary=X",
        CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 411
    assert "Content-Length" in response.json()["errors"][0]["message"]
    assert not UnreadableBody.read_at_all


def test_the_limits_are_settings(citizen, city, settings):
    settings.LAKSA_BODY_LIMITS = [("/api/", 1000, "laksa.lib.body_limit.json_refusal")]
    small = citizen.post("/api/v1/reports/mine", {"reports": []}, content_type="application/json")
    big = citizen.post(
        "/api/v1/reports/mine", {"reports": [{"code": "x" * 20, "secret": "y" * 40}] * 30},
        content_type="application/json",
    )  # fmt: skip
    assert small.status_code == 200
    assert big.status_code == 413


def test_open311_refuses_a_wrong_key_before_reading_the_body(api, city, app_key):
    response = api.post(
        "/open311/v2/requests.json", b"", content_type="multipart/form-data; boundary=X",
        CONTENT_LENGTH="1000000", HTTP_X_API_KEY="salah", **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    in_query = api.post(
        "/open311/v2/requests.json?api_key=salah", b"",
        content_type="multipart/form-data; boundary=X", CONTENT_LENGTH="1000000",
        **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 403
    assert in_query.status_code == 403
    assert not UnreadableBody.read_at_all
