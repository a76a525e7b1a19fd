"""Each light read carries a strong ETag, Last-Modified and Cache-Control, the same on every
request; If-None-Match and If-Modified-Since are answered with 304 and no body."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils.http import http_date, parse_http_date

from laksa.catalog import published
from tests.light_reads.conftest import LIGHT_READS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", LIGHT_READS)
def test_it_gives_validators_that_hold_from_request_to_request(
    citizen: Client, catalog: Any, path: str
) -> None:
    first = citizen.get(path)
    assert first.status_code == 200 and first.content
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: never W/
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    version = published.current()
    assert version is not None
    assert parse_http_date(first["Last-Modified"]) == int(version.changed_at.timestamp())
    again = citizen.get(path)
    assert again["ETag"] == etag and again["Last-Modified"] == first["Last-Modified"]
    assert again.content == first.content


@pytest.mark.parametrize("path", LIGHT_READS)
def test_it_answers_a_matching_etag_with_304_and_no_body(
    citizen: Client, catalog: Any, path: str
) -> None:
    etag = citizen.get(path)["ETag"]
    answer = citizen.get(path, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and answer.content == b""
    assert answer["ETag"] == etag
    assert answer["Cache-Control"] == "public, max-age=0, must-revalidate"
    # A list holding it, and the wildcard, match too; another tag does not.
    assert citizen.get(path, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert citizen.get(path, HTTP_IF_NONE_MATCH="*").status_code == 304
    other = citizen.get(path, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200 and other["ETag"] == etag and other.content


def test_it_answers_head_as_get_without_a_body(api: Client, catalog: Any) -> None:
    got = api.get("/open311/v2/services.json")
    head = api.head("/open311/v2/services.json")
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == got["ETag"]
    assert api.head("/open311/v2/services.json", HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304


@pytest.mark.parametrize("path", LIGHT_READS)
def test_it_answers_if_modified_since_with_304_when_nothing_changed_since(
    citizen: Client, catalog: Any, clock: Any, path: str
) -> None:
    # The fixtures made several versions within one second; a change a moment later stands alone.
    clock.at(clock.now() + timedelta(seconds=5))
    published.changed()
    modified = citizen.get(path)["Last-Modified"]
    assert citizen.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    later = http_date(parse_http_date(modified) + 60)
    assert citizen.get(path, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date(parse_http_date(modified) - 1)
    assert citizen.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_it_does_not_trust_a_date_two_versions_share(
    citizen: Client, catalog: Any, clock: Any
) -> None:
    """Two changes in one second have one Last-Modified: a client holding the first version's
    date must get the second version, so If-Modified-Since is not enough there (the ETag is)."""
    path = "/open311/v2/services.json"
    clock.at(clock.now() + timedelta(seconds=5))
    published.changed()
    first = citizen.get(path)
    catalog.name_id = "Lampu jalan padam"
    catalog.save()  # the same second
    since = citizen.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200 and b"Lampu jalan padam" in since.content
    now = citizen.get(path)
    assert now["Last-Modified"] == first["Last-Modified"] and now["ETag"] != first["ETag"]
    assert citizen.get(path, HTTP_IF_NONE_MATCH=now["ETag"]).status_code == 304


def test_it_lets_the_etag_decide_when_both_are_sent(
    citizen: Client, catalog: Any, clock: Any
) -> None:
    clock.at(clock.now() + timedelta(seconds=5))
    published.changed()
    first = citizen.get("/open311/v2/services.json")
    stale = citizen.get(
        "/open311/v2/services.json",
        HTTP_IF_NONE_MATCH='"an-older-answer"',
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert stale.status_code == 200 and stale.content == first.content
