"""The home page's tiles, /statistik/ and the wall read the same counts and agree."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from laksa.kpi import counting
from laksa.live import wall
from laksa.public.stats import city_stats, default_range

pytestmark = pytest.mark.django_db


def tiles_of(html: str) -> dict[str, int]:
    """Each tile's colour class and number, as the home page draws them."""
    found = re.findall(r'<div class="counter ?(\w*)"><strong>(\d+)</strong>', html)
    return {colour or "total": int(n) for colour, n in found}


def test_it_shows_the_same_figures_everywhere(story, city, clock):
    counting.count_new_events()
    home = tiles_of(Client().get("/").content.decode())
    start, end = default_range(city)
    stats = city_stats(city, start, end)
    board = wall.summary(city)
    # Public: A (in hand after the dispute) and B (waiting); C was rejected, so it is left out.
    assert home == {"total": 2, "red": 1, "yellow": 1, "green": 0, "grey": 0}
    assert home["total"] == home["red"] + home["yellow"] + home["green"] + home["grey"]
    assert {row["colour"]: row["count"] for row in stats["type_rows"]} == {
        k: v for k, v in home.items() if k != "total"
    }
    assert stats["total"] == home["total"]
    assert board["counters"]["waiting"] == home["red"]
    assert board["counters"]["in_hand"] == home["yellow"]
    assert sum(row["open"] for row in board["agencies"]) == home["red"] + home["yellow"]


def test_it_says_what_each_tile_counts(story):
    counting.count_new_events()
    html = Client().get("/").content.decode()
    assert "semua laporan publik yang masuk, tanpa yang ditolak" in html
    assert "diterima instansi atau sedang dikerjakan" in html
