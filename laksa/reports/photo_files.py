"""Photo files agree with the rows that own them. A file is written before its row's transaction
commits, so an accepted photo is never a row without its file; a file whose transaction does not
commit is removed: at once when the action that wrote it fails, and by a periodic sweep when a
caller's outer transaction rolls back after the action returned."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db.models import Q

from laksa.lib import clock
from laksa.reports.models import Photo

log = logging.getLogger(__name__)

FOLDER = "photos"
ORPHAN_AGE = timedelta(hours=1)
"""A file this old with no row is an orphan: no transaction that writes photos runs this long."""

_written: ContextVar[list[str] | None] = ContextVar("photo_files_written", default=None)


def written(name: str | None) -> None:
    """Note a file just written, so that a failing action removes it."""
    names = _written.get()
    if names is not None and name:
        names.append(name)


@contextmanager
def removed_on_failure() -> Iterator[None]:
    """Around an action's transaction: the photo files it wrote are deleted if it raises."""
    names: list[str] = []
    token = _written.set(names)
    try:
        yield
    except BaseException:
        for name in names:
            _delete(name)
        raise
    finally:
        _written.reset(token)


def sweep_orphans(now: datetime | None = None) -> int:
    """Delete photo files older than ORPHAN_AGE that no Photo row names; returns how many."""
    now = now or clock.now()
    storage = default_storage
    removed = 0
    try:
        folders, _files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    for folder in folders:
        prefix = f"{FOLDER}/{folder}"
        _sub, files = storage.listdir(prefix)
        names = [f"{prefix}/{f}" for f in files]
        old = [n for n in names if storage.get_modified_time(n) < now - ORPHAN_AGE]
        if not old:
            continue
        owned = set(
            Photo.objects.filter(Q(image__in=old) | Q(thumbnail__in=old)).values_list(
                "image", "thumbnail"
            )
        )
        kept = {name for pair in owned for name in pair}
        for name in old:
            if name not in kept:
                _delete(name)
                removed += 1
    return removed


def _delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:  # the sweep removes it later
        log.warning("could not remove the photo file %s", name, exc_info=True)
