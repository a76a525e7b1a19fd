"""One hub per server process: it follows the event table and wakes every open stream.

The event table is the truth (a client resumes from any id, also after a restart); wake-ups only
make the hub look sooner. It reads each batch of new events once, keeps the recent ones in memory,
and every stream in the process takes what it needs from there, so thousands of clients cost one
query per commit, not one each. What wakes it, from fastest to slowest:

- a commit in this same process (the `event_committed` signal);
- PostgreSQL LISTEN/NOTIFY, when the database is PostgreSQL (NOTIFY is sent at commit, by the
  database, to every process);
- Redis pub/sub, when `LAKSA_REDIS_URL` is set;
- a short poll of the table, always on as the safety net (fast when nothing else can wake it).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import close_old_connections, connection

from laksa.reports import feed
from laksa.reports.feed import FeedItem

log = logging.getLogger(__name__)
T = TypeVar("T")

KEEP = 5000
"""Recent events held in memory; a client further behind reads the table directly."""


class Hub:
    def __init__(self, *, poll_interval: float, keep: int = KEEP) -> None:
        self.poll_interval = poll_interval
        self.items: deque[FeedItem] = deque(maxlen=keep)
        self.ids: deque[int] = deque(maxlen=keep)
        self.floor = 0
        """Every committed event with floor < id <= head is in `items`."""
        self.head = 0
        self.clients = 0
        self.closing = False
        """Set when the server is going down: every stream ends, its browser resumes elsewhere."""
        self.loop: asyncio.AbstractEventLoop | None = None
        self._changed = asyncio.Event()
        self._wake = asyncio.Event()
        self._refreshing = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        # One thread of its own for the ORM: the hub's reads never wait behind page requests and
        # keep one database connection for the process.
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="laksa-live")

    async def start(self, listeners: list[Callable[[Hub], Any]]) -> None:
        self.loop = asyncio.get_running_loop()
        self.head = self.floor = await self.run_db(feed.head_id)
        self._tasks.append(asyncio.create_task(self._follow()))
        for listener in listeners:
            self._tasks.append(asyncio.create_task(listener(self)))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        self._db.shutdown(wait=False)

    def close_streams(self) -> None:
        """End every open stream now (they resume losslessly). Call in the hub's loop."""
        self.closing = True
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    # --- waking -------------------------------------------------------------------------------

    def poke(self) -> None:
        """Look for new events now. Safe to call from any thread."""
        if self.loop is None or self.loop.is_closed():
            return
        if _running_loop() is self.loop:
            self._wake.set()
        else:
            self.loop.call_soon_threadsafe(self._wake.set)

    async def _follow(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            self._wake.clear()
            try:
                await self.refresh()
            except Exception:  # the database may be restarting: keep the streams open, retry
                log.exception("live: reading new events failed; retrying")
                await asyncio.sleep(1)

    async def refresh(self) -> None:
        """Read every event committed after `head` into memory and wake the streams."""
        async with self._refreshing:
            got = False
            while True:
                batch = await self.run_db(feed.events_after, self.head)
                if not batch:
                    break
                got = True
                for item in batch:
                    if len(self.items) == self.items.maxlen:
                        self.floor = self.ids[0]
                    self.items.append(item)
                    self.ids.append(item.id)
                self.head = batch[-1].id
                if len(batch) < feed.BATCH:
                    break
            if got:
                changed, self._changed = self._changed, asyncio.Event()
                changed.set()

    # --- reading --------------------------------------------------------------------------------

    def after(self, cursor: int) -> list[FeedItem] | None:
        """The held events after `cursor`, or None if the client is behind what is held."""
        if cursor < self.floor:
            return None
        start = bisect.bisect_right(self.ids, cursor)  # deque supports indexing; ids ascend
        return [self.items[i] for i in range(start, len(self.items))]

    async def read(self, cursor: int) -> list[FeedItem]:
        """Events after `cursor`, from memory when held, else from the table (oldest first)."""
        held = self.after(cursor)
        if held is not None:
            return held
        return await self.run_db(feed.events_after, cursor)

    async def wait(self, cursor: int, timeout: float) -> bool:
        """Wait until an event after `cursor` is held; False when `timeout` passed first."""
        if self.head > cursor or self.closing:
            return True
        changed = self._changed
        try:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for wraps the wait in a task of
            # its own, another kilobyte for every waiting stream.
            async with asyncio.timeout(timeout):
                await changed.wait()
        except TimeoutError:
            return self.head > cursor
        return True

    async def run_db(self, fn: Callable[..., T], *args: Any) -> T:
        assert self.loop is not None
        return await self.loop.run_in_executor(self._db, _with_connection, fn, *args)


def _with_connection(fn: Callable[..., T], *args: Any) -> T:
    close_old_connections()  # drops a connection the database closed or that outlived its age
    try:
        return fn(*args)
    except Exception:
        connection.close()
        raise


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


# --- the process's hub --------------------------------------------------------------------------

_hub: Hub | None = None
_starting: asyncio.Task[Hub] | None = None


async def get_hub() -> Hub:
    """The hub of this process and event loop, started on first use."""
    global _starting
    loop = asyncio.get_running_loop()
    if _hub is not None and _hub.loop is loop:
        return _hub
    if _starting is None or _starting.get_loop() is not loop:
        _starting = loop.create_task(_start_hub())
    return await asyncio.shield(_starting)


async def _start_hub() -> Hub:
    global _hub
    from laksa.live import fanout

    hub = Hub(poll_interval=fanout.poll_interval())
    await hub.start(fanout.listeners())
    _hub = hub
    return hub


def current_hub() -> Hub | None:
    return _hub


def wake_local(**_: Any) -> None:
    """`event_committed` receiver: a commit in this process wakes its hub at once."""
    if _hub is not None:
        _hub.poke()
