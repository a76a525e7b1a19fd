"""Answers in Indonesian and in English are cached apart, each with its own ETag, and say that
they vary by Accept-Language and by the cookie LocaleMiddleware reads first."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.light_reads.conftest import IN_ENGLISH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", IN_ENGLISH)
def test_it_never_serves_one_language_for_the_other(api: Client, catalog: Any, path: str) -> None:
    english = api.get(path, HTTP_ACCEPT_LANGUAGE="en")
    indonesian = api.get(path, HTTP_ACCEPT_LANGUAGE="id")
    assert english.content != indonesian.content and english["ETag"] != indonesian["ETag"]
    assert english["Content-Language"] == "en" and indonesian["Content-Language"] == "id"
    for response in (english, indonesian):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
    # From the cache, each is still its own; one's tag does not answer for the other.
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="en").content == english.content
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="id").content == indonesian.content
    crossed = api.get(path, HTTP_ACCEPT_LANGUAGE="id", HTTP_IF_NONE_MATCH=english["ETag"])
    assert crossed.status_code == 200 and crossed.content == indonesian.content


def test_it_follows_the_language_cookie(api: Client, catalog: Any) -> None:
    path = "/open311/v2/services.json"
    indonesian = api.get(path)
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = api.get(path)
    assert {s["service_name"] for s in english.json()} == {"Damaged road", "Street light out"}
    assert english["ETag"] != indonesian["ETag"]


def test_it_serves_the_boundaries_once_for_both_languages(citizen: Client, catalog: Any) -> None:
    english = citizen.get("/peta/wilayah.json", HTTP_ACCEPT_LANGUAGE="en")
    indonesian = citizen.get(
        "/peta/wilayah.json", HTTP_ACCEPT_LANGUAGE="id", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert indonesian.status_code == 304
