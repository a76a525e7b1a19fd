"""A process keeps its own copy of the light reads' answers and the kept pages (laksa.lib.kept):
a key's entry never changes, so once read it is served without asking the shared cache (Redis,
in production) again; a new version is a new key, rendered and kept afresh; the copies are
bounded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from laksa.lib.kept import Kept

pytestmark = pytest.mark.django_db
PATH = "/open311/v2/services.json"


def test_an_answer_read_once_is_served_without_the_shared_cache(
    citizen: Client, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = citizen.get(PATH)
    asked: list[str] = []
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: asked.append(key))
    again = citizen.get(PATH)
    assert again.content == first.content and asked == []


def test_a_new_version_is_rendered_and_kept_afresh(citizen: Client, catalog: Any) -> None:
    citizen.get(PATH)
    catalog.name_id = "Lampu jalan padam"
    catalog.save()
    assert b"Lampu jalan padam" in citizen.get(PATH).content


def test_a_kept_page_is_served_without_the_shared_cache(
    citizen: Client, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = citizen.get("/")
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: pytest.fail(f"asked for {key}"))
    assert citizen.get("/").status_code == first.status_code == 200


def test_it_keeps_at_most_its_size() -> None:
    kept = Kept(size=3)
    for n in range(7):
        kept.set(f"k{n}", n, 60)
    assert len(kept._values) <= 3
    assert kept.get("k6") == 6
