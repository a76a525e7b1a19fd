"""The category of a message: the one its door named (`active_category`, by code), or, where the
door does not ask for one (SMS, e-mail, the guest book), the active category whose keywords the
text names, else the city's catch-all, which the LIVE Room re-categorises when it verifies.

Every report needs its category, so a process remembers the city's categories (laksa.lib.memo):
a change is seen at once in the process that made it and within memo.TTL seconds in the others.
Each call gives a copy of its own, its agency and city attached."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from laksa.catalog.answers import questions_of
from laksa.catalog.models import Category, Question
from laksa.lib.memo import Memo
from laksa.org.models import Agency, Jurisdiction

_categories: Memo[dict[str, Category]] = Memo("categories", (Category, Agency, Jurisdiction))
_questions: Memo[tuple[Question, ...]] = Memo("category_questions", (Category, Question))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _active(jurisdiction: Jurisdiction) -> dict[str, Category]:
    """The city's active categories by code, with their agencies, oldest first."""

    def load() -> dict[str, Category]:
        rows = (
            Category.objects.filter(jurisdiction_id=jurisdiction.pk, active=True)
            .select_related("agency")
            .order_by("id")
        )
        return {category.code: category for category in rows}

    return _categories.get(jurisdiction.pk, load)


def _own(category: Category, jurisdiction: Jurisdiction) -> Category:
    """A copy of a remembered category for one caller, its city attached (no query for it)."""
    mine = copy.copy(category)
    mine.jurisdiction = jurisdiction
    return mine


def active_category(jurisdiction: Jurisdiction, code: str) -> Category | None:
    """The city's active category with that code, or None. A code the process does not know is
    looked up in the database (a category added in another process a moment ago)."""
    if "\x00" in code:  # no code holds one, and PostgreSQL refuses it in a query
        return None
    found = _active(jurisdiction).get(code)
    if (
        found is None
        and Category.objects.filter(
            jurisdiction_id=jurisdiction.pk, code=code, active=True
        ).exists()
    ):
        _categories.forget()
        found = _active(jurisdiction).get(code)
    return _own(found, jurisdiction) if found is not None else None


def questions_for(category: Category) -> tuple[Question, ...]:
    """The category's extra questions (Open311 attributes) in order, remembered per category:
    shared by the process's threads, read them, never change them."""
    return _questions.get(category.pk, lambda: tuple(questions_of(category)))


def guessed_category(jurisdiction: Jurisdiction, text: str) -> Category | None:
    """The category with the most keywords (comma separated; a keyword of several words must
    all appear) in the text; None if none matches."""
    words = _words(text)
    best: tuple[int, Category] | None = None
    for category in _active(jurisdiction).values():
        if not category.keywords:
            continue
        hits = sum(1 for keyword in _keywords(category.keywords) if keyword <= words)
        if hits and (best is None or hits > best[0]):
            best = (hits, category)
    return _own(best[1], jurisdiction) if best else None


@lru_cache(maxsize=4096)
def _keywords(keywords: str) -> tuple[frozenset[str], ...]:
    """A category's keywords (comma separated), each as the set of its words: read once per
    process for each keywords text (every chat message asks twice)."""
    return tuple(frozenset(_words(k)) for k in keywords.split(",") if k.strip())


def catch_all(jurisdiction: Jurisdiction) -> Category | None:
    """The city's active catch-all category (the first in the catalog's order), or None."""
    found = [c for c in _active(jurisdiction).values() if c.catch_all]
    return _own(min(found, key=lambda c: (c.order, c.pk)), jurisdiction) if found else None
