"""What wakes the hubs of other processes when an event is committed: PostgreSQL LISTEN/NOTIFY
(the database sends the NOTIFY at commit, see reports/events.py), or else Redis pub/sub. One of
the two, never both: on PostgreSQL the NOTIFY already reaches every process, and a Redis PUBLISH
after every commit cost each action a round trip (a twentieth of an Open311 POST's CPU) for a
wake-up that had come. Each listener reconnects by itself; while it is down the hub's safety
poll still finds every event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection

from laksa.reports.events import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

REDIS_CHANNEL = "laksa:events"
RETRY_SECONDS = 2.0


def listeners() -> list[Callable[[Any], Any]]:
    found: list[Callable[[Any], Any]] = []
    if connection.vendor == "postgresql":
        found.append(listen_postgres)
    elif settings.LAKSA_REDIS_URL:
        found.append(listen_redis)
    return found


def poll_interval() -> float:
    """Fast polling only when nothing else can wake the hub from another process."""
    if listeners():
        return settings.LAKSA_LIVE_SAFETY_POLL
    return settings.LAKSA_LIVE_POLL


def postgres_conninfo() -> str:
    import psycopg.conninfo

    db = settings.DATABASES["default"]
    params = {
        "dbname": db.get("NAME"),
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v})


async def listen_postgres(hub: Any) -> None:
    import psycopg

    while True:
        try:
            conn = await psycopg.AsyncConnection.connect(postgres_conninfo(), autocommit=True)
            async with conn:
                await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                hub.poke()  # anything committed while we were not listening
                async for _notify in conn.notifies():
                    hub.poke()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("live: PostgreSQL LISTEN lost (%s); reconnecting", exc)
        await asyncio.sleep(RETRY_SECONDS)


async def listen_redis(hub: Any) -> None:
    import redis.asyncio as aioredis

    while True:
        try:
            client = aioredis.from_url(settings.LAKSA_REDIS_URL)
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(REDIS_CHANNEL)
                hub.poke()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        hub.poke()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("live: Redis subscription lost (%s); reconnecting", exc)
        await asyncio.sleep(RETRY_SECONDS)


_publisher: Any = None


def publish_redis(last_id: int, **_: Any) -> None:
    """`event_committed` receiver: tell every process over Redis, where the database cannot (not
    PostgreSQL). A lost message only delays."""
    global _publisher
    if not settings.LAKSA_REDIS_URL or connection.vendor == "postgresql":
        return
    try:
        if _publisher is None:
            import redis

            _publisher = redis.Redis.from_url(settings.LAKSA_REDIS_URL, socket_timeout=1)
        _publisher.publish(REDIS_CHANNEL, str(last_id))
    except Exception as exc:
        log.warning("live: Redis publish failed (%s); streams will find it by polling", exc)
