"""Fixtures the channel tests share (sms/ keeps its own): the city's catch-all category and the
replies intake asks for. Plain helpers for the chat channels are in tests/intake/chat.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.replies import reply_wanted
from laksa.org.models import Agency, Jurisdiction


@pytest.fixture
def lain(city: Jurisdiction, agency_a: Agency) -> Category:
    """The city's catch-all: where a message lands when no category's keywords match."""
    return Category.objects.create(
        jurisdiction=city,
        code="LAIN",
        group="Lainnya",
        name_id="Lainnya",
        name_en="Other",
        agency=agency_a,
        catch_all=True,
    )


@pytest.fixture
def replies() -> Iterator[list[dict[str, Any]]]:
    """Every reply intake asks for (intake.replies.reply_wanted), as keyword arguments."""
    asked: list[dict[str, Any]] = []

    def keep(sender: Any, **kwargs: Any) -> None:
        asked.append({k: v for k, v in kwargs.items() if k != "signal"})

    reply_wanted.connect(keep, dispatch_uid="intake-tests")
    yield asked
    reply_wanted.disconnect(dispatch_uid="intake-tests")
