"""The demo draws its own photos: one scene per kind of problem, and a different "after" picture."""

from __future__ import annotations

import pytest

from laksa.demo.photos import SCENES, scene
from laksa.lib.images import hash_distance
from laksa.reports.proof import SAME_PICTURE_BITS

CODES = sorted({code for code in SCENES} | {"ADK-KTP"})


@pytest.mark.parametrize("code", CODES)
def test_it_draws_a_before_and_a_visibly_different_after(code: str) -> None:
    before, after = scene(code, 7), scene(code, 7, after=True)
    assert (before.width, before.height) == (640, 480)
    assert before.display[:2] == b"\xff\xd8" and before.thumbnail[:2] == b"\xff\xd8"
    assert before.gps is None and before.taken_at is None
    assert hash_distance(before.dhash, after.dhash) >= SAME_PICTURE_BITS


def test_it_varies_the_picture_from_one_report_to_the_next() -> None:
    assert scene("INF-JLN", 1).sha256 != scene("INF-JLN", 2).sha256
