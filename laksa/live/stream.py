"""The Server-Sent Events stream: every committed ReportEvent, in id order, each with its id, so a
browser that reconnects (it sends `Last-Event-ID` by itself) gets exactly what it missed.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from django.conf import settings

from laksa.live.hub import Hub
from laksa.live.projection import Filters, Viewer, render

RETRY_MS = 2000


async def events(hub: Hub, viewer: Viewer, filters: Filters, cursor: int) -> AsyncIterator[str]:
    """The stream's text, from the event after `cursor` on, until the client goes away.

    Events the viewer may not see are skipped, but the cursor still moves past them: a keepalive
    carries the id, so a reconnecting client does not read them again.
    """
    hub.clients += 1
    try:
        yield f"retry: {RETRY_MS}\n: laksa live, from event {cursor}\n\n"
        sent = cursor
        ends = time.monotonic() + settings.LAKSA_LIVE_MAX_SECONDS
        while time.monotonic() < ends:
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
