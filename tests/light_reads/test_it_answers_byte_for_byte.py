"""The cache changes no byte: a cached answer is the body the view renders without it, in every
format and language; errors are the view's own, uncached and without validators; and a cached
answer is still behind the key check."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from laksa.org.models import Application, Jurisdiction
from tests.light_reads.conftest import LIGHT_READS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("path", LIGHT_READS)
def test_it_serves_the_bytes_the_view_renders(
    api: Client, catalog: Any, uncached: Any, path: str, language: str
) -> None:
    cold = api.get(path, HTTP_ACCEPT_LANGUAGE=language)
    warm = api.get(path, HTTP_ACCEPT_LANGUAGE=language)
    uncached()
    before = api.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert before.status_code == cold.status_code == warm.status_code == 200
    assert cold.content == warm.content == before.content
    assert cold["Content-Type"] == warm["Content-Type"] == before["Content-Type"]
    assert "ETag" not in before  # turned off, the view answers as it did before the cache


ERRORS = [
    "/open311/v2/services/NOPE.json",
    "/open311/v2/services/NOPE.xml",
    "/open311/v2/services.json?jurisdiction_id=nowhere",
    "/open311/v2/discovery.xml?jurisdiction_id=nowhere",
]


@pytest.mark.parametrize("path", ERRORS)
def test_it_leaves_errors_as_they_were(api: Client, catalog: Any, uncached: Any, path: str) -> None:
    first = api.get(path)
    second = api.get(path)
    assert first.status_code == second.status_code == 404
    assert "ETag" not in first and "Cache-Control" not in first
    assert not [key for key in cache._cache if ":laksa:published:" in key]  # type: ignore[attr-defined]
    uncached()
    assert api.get(path).content == first.content == second.content


def test_it_checks_the_key_before_the_cache(api: Client, catalog: Any, app_key: str) -> None:
    path = "/open311/v2/services.json"
    etag = api.get(path, {"api_key": app_key})["ETag"]
    assert api.get(path, {"api_key": app_key}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(path, {"api_key": "wrong"}, HTTP_IF_NONE_MATCH=etag).status_code == 403
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAIN")
    _app, other_key = Application.create_with_key(other, "Aplikasi Lain")
    refused = api.get(path, {"api_key": other_key, "jurisdiction_id": "kota-uji"})
    assert refused.status_code == 403
    Application.objects.filter(name="Aplikasi Uji").update(active=False)
    assert api.get(path, {"api_key": app_key}, HTTP_IF_NONE_MATCH=etag).status_code == 403


def test_it_keeps_each_citys_answer_apart(api: Client, catalog: Any, app_key: str) -> None:
    other = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAIN")
    ours = api.get("/open311/v2/services.json", {"jurisdiction_id": "kota-uji"}).json()
    theirs = api.get("/open311/v2/services.json", {"jurisdiction_id": other.slug}).json()
    assert len(ours) == 2 and theirs == []
    # The key's own city, with no jurisdiction_id: the two cities now need one.
    assert len(api.get("/open311/v2/services.json", {"api_key": app_key}).json()) == 2
    assert api.get("/open311/v2/services.json").status_code == 400
