"""The demo's catalogue table: ISO 8601 durations of the service targets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from laksa.demo.city import parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1D", timedelta(days=1)),
        ("P14D", timedelta(days=14)),
        ("PT30M", timedelta(minutes=30)),
        ("PT24H", timedelta(hours=24)),
        ("P1DT2H30M", timedelta(days=1, hours=2, minutes=30)),
        ("P2W", timedelta(weeks=2)),
    ],
)
def test_it_reads_the_durations_of_the_table(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "P", "PT", "1D", "soon", "P1Y", "PT-5M"])
def test_it_refuses_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
