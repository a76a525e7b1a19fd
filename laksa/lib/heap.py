"""A warm process's heap kept out of Python's collector: what it holds once warmed up is frozen
(`gc.freeze`), so a full collection walks only what was made since.

A warm Laksa process holds some 180,000 objects that live as long as it does (Django, the URL
patterns, templates, translations, the city's areas). Python's full collection walks every one of
them: 100-160 ms on a 2-core machine, every few seconds in each web worker under load, in the
background worker and the intake drain too (docs/performance.md, "The eighth sitting"). A request
waited that long, and a collection in a process holding SQLite's one writer made every other
writer of the city wait with it.

The heap is frozen when a process starts (what its imports made), when it has done 100 units of
work (requests, tasks, inbox rows: the parts loaded lazily), and again at 1,000, 10,000 and so on
(caches filled afterwards), ever more rarely. A frozen object is never collected, even once it is
garbage in a cycle: the price is that few such objects stay. The live stream freezes its heap at
start (laksa/asgi.py): it loads nothing lazily that matters."""

from __future__ import annotations

import gc
import threading
from typing import Any

FIRST = 100
"""Units of work before the first freeze; the next at ten times as many, and so on."""

_lock = threading.Lock()
_done = 0
_next = FIRST


def worked(units: int = 1) -> None:
    """Count `units` of this process's work; freeze the heap when a threshold is passed."""
    global _done, _next
    if units <= 0:
        return
    with _lock:
        _done += units
        if _done < _next:
            return
        while _next <= _done:
            _next *= 10
    settle()


def settle() -> None:
    """Collect what is garbage now, then freeze everything left."""
    gc.collect()
    gc.freeze()


def reset() -> None:
    """Start counting afresh, watching no task queue (tests)."""
    global _done, _next, _watching
    with _lock:
        _done, _next, _watching = 0, FIRST, False


def on_request_finished(**kwargs: Any) -> None:
    """A web process's unit: one request answered (`request_finished`, laksa/wsgi.py)."""
    worked()


_watching = False


def watch_tasks(huey: Any) -> None:
    """A background worker's unit: one task finished. Connected when huey's consumer starts
    (laksa/reports/tasks.py), so tests running tasks at once never freeze their heap."""
    global _watching
    from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

    with _lock:
        if _watching:  # every worker thread of the consumer starts it
            return
        _watching = True
    settle()

    @huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)
    def task_done(signal: str, task: Any, *args: Any) -> None:
        worked()
