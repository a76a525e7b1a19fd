"""What a process remembers of rows that change only when an administrator changes them (the
categories a report is filed under, the city's holidays, its areas' names): read once, then kept
for `ttl` seconds, so creating a report does not read them again on every request.

A save or delete of a model a memo is made of forgets it at once in the process that made the
change, and again after that transaction commits (so another thread cannot keep what it read
just before); other processes see the change within `ttl` seconds, as with the city
(org.selectors.CITY_TTL). A change that bypasses the signals (QuerySet.update, raw SQL) is seen
within `ttl` everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from time import monotonic
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

V = TypeVar("V")

TTL = 30.0
_all: list[Memo[Any]] = []


class Memo(Generic[V]):
    """Values by key, each kept for `ttl` seconds (a monotonic age) and forgotten on a change of
    any of `models`. The values are shared by every thread of the process: treat them as read-only."""

    def __init__(
        self, name: str, models_: tuple[type[models.Model], ...], ttl: float = TTL, size: int = 1000
    ) -> None:
        self.name, self.ttl, self.size = name, ttl, size
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()
        for model in models_:
            uid = f"memo.{name}.{model._meta.label_lower}"
            post_save.connect(self._changed, sender=model, dispatch_uid=uid + ".saved", weak=False)
            post_delete.connect(
                self._changed, sender=model, dispatch_uid=uid + ".deleted", weak=False
            )
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    self._changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}.{field.name}",
                    weak=False,
                )
        _all.append(self)

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        """The value kept under `key`, or `load()`'s, then kept."""
        now = monotonic()
        kept = self._values.get(key)
        if kept is not None and now - kept[0] < self.ttl:
            return kept[1]
        value = load()
        with self._lock:
            if len(self._values) >= self.size:  # made-up keys from a scanner: forget, not grow
                self._values.clear()
            self._values[key] = (now, value)
        return value

    def forget(self) -> None:
        with self._lock:
            self._values.clear()

    def _changed(self, **kwargs: Any) -> None:
        self.forget()
        transaction.on_commit(self.forget, using=kwargs.get("using"))


def forget_all() -> None:
    """Forget every memo (tests: a rolled-back test's rows are gone without a signal)."""
    for memo in _all:
        memo.forget()
