"""The Server-Sent Events stream: every committed ReportEvent, in id order, each with its id, so a
browser that reconnects (it sends `Last-Event-ID` by itself) gets exactly what it missed.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable

from django.conf import settings

from laksa.live.hub import Hub
from laksa.live.projection import Filters, Viewer, render

RETRY_MS = 2000


async def events(
    hub: Hub,
    viewer: Viewer,
    filters: Filters,
    cursor: int,
    still_allowed: Callable[[], Awaitable[bool]] | None = None,
    *,
    reset: bool = False,
) -> AsyncIterator[str]:
    """The stream's text, from the event after `cursor` on, until the client goes away.

    Events the viewer may not see are skipped, but the cursor still moves past them: a keepalive
    carries the id, so a reconnecting client does not read them again. `still_allowed`, asked
    once per keepalive interval, ends the stream when the viewer's right to it was withdrawn
    (a kiosk screen switched off): the browser's reconnect is then refused. `reset` first tells
    the client its last id is unknown here (a restored database), so it reloads its state.
    """
    hub.clients += 1
    try:
        yield f"retry: {RETRY_MS}\n: laksa live, from event {cursor}\n\n"
        if reset:  # the client's id is unknown here: it must reload what it shows
            yield f"id: {cursor}\nevent: reset\ndata: {{}}\n\n"
        sent = cursor
        ends = time.monotonic() + settings.LAKSA_LIVE_MAX_SECONDS
        checked = time.monotonic()
        while time.monotonic() < ends and not hub.closing:
            if (
                still_allowed is not None
                and time.monotonic() - checked >= settings.LAKSA_LIVE_KEEPALIVE
            ):
                if not await still_allowed():
                    return
                checked = time.monotonic()
            batch = await hub.read(cursor)
            chunks = []
            for item in batch:
                cursor = item.id
                if not filters.match(item):
                    continue
                data = render(item, viewer)
                if data is not None:
                    chunks.append(f"id: {item.id}\nevent: report\ndata: {data}\n\n")
                    sent = item.id
            if chunks:
                yield "".join(chunks)
            if batch:
                continue
            if not await hub.wait(cursor, settings.LAKSA_LIVE_KEEPALIVE):
                yield f"id: {cursor}\n: keepalive\n\n" if cursor != sent else ": keepalive\n\n"
                sent = cursor
    finally:
        hub.clients -= 1
