"""The category of a message whose door does not ask for one (SMS, e-mail, the guest book):
the active category whose keywords the text names, else the city's catch-all, which the LIVE
Room re-categorises when it verifies."""

from __future__ import annotations

import re

from laksa.catalog.models import Category
from laksa.org.models import Jurisdiction


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def guessed_category(jurisdiction: Jurisdiction, text: str) -> Category | None:
    """The category with the most keywords (comma separated; a keyword of several words must
    all appear) in the text; None if none matches."""
    words = _words(text)
    best: tuple[int, Category] | None = None
    for category in Category.objects.filter(jurisdiction=jurisdiction, active=True).exclude(
        keywords=""
    ):
        hits = sum(
            1
            for keyword in category.keywords.split(",")
            if keyword.strip() and _words(keyword) <= words
        )
        if hits and (best is None or hits > best[0]):
            best = (hits, category)
    return best[1] if best else None


def catch_all(jurisdiction: Jurisdiction) -> Category | None:
    return (
        Category.objects.filter(jurisdiction=jurisdiction, catch_all=True, active=True)
        .order_by("order", "id")
        .first()
    )
