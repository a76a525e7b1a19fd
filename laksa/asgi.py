"""Laksa's ASGI entry point: the live stream, and a small router for when it serves everything.

Only the live stream (`/live/stream`) goes through Django's ASGI handler, because it keeps
thousands of connections open and waits on them without a thread each. `make run` and the
production recipe put nginx in front and send only the stream here (scripts/serve, deploy/nginx/);
pages go to gunicorn, at the full speed of Django's sync path (DESIGN.md §6). When one uvicorn
serves everything, as the tests' live servers do, every other request goes to Django's plain WSGI
handler in a thread pool (a2wsgi), so pages still never pay the ASGI path's cost."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")

import django
from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest
from django.urls import ResolverMatch

django.setup(set_prefix=False)

STREAM_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


class StreamHandler(ASGIHandler):
    """Django's ASGI handler with only the middleware a stream needs (who is asking, in which
    language). An open stream then costs a few tasks and no thread: the pages' sync middleware
    would pin a thread, and its memory, to every connection for as long as it stays open."""

    def load_middleware(self, is_async: bool = False) -> None:
        pages = settings.MIDDLEWARE
        settings.MIDDLEWARE = STREAM_MIDDLEWARE
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = pages

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        # Django's own __call__ enters a ThreadSensitiveContext, which starts a thread for each
        # request's sync steps (the middleware, the request signals) and keeps it until the
        # response ends: an idle OS thread for every open stream, 24 KiB of memory each
        # (bench.live). Without it those steps share asgiref's one sync thread of the process;
        # they are short and wait on nothing (the viewer's session and user are read in the
        # shared pool, views.py).
        if scope["type"] != "http":
            raise ValueError(f"The stream serves HTTP only, not {scope['type']}.")
        await self.handle(scope, receive, send)

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        match = super().resolve_request(request)
        # The patterns tried before the stream's (some sixty lists, 4 KiB) would stay with the
        # request for as long as the stream is open; nothing reads them after a match.
        match.tried = []
        return match


django_asgi = StreamHandler()

from laksa.wsgi import application as wsgi_application  # noqa: E402

# Everything loaded so far lives as long as the process: keep it out of the collector's way, so a
# full collection with thousands of open streams does not stall every stream at once.
gc.freeze()

STREAM_PREFIX = "/live/stream"
PAGE_THREADS = int(os.environ.get("LAKSA_PAGE_THREADS", "8"))
pages = WSGIMiddleware(wsgi_application, workers=PAGE_THREADS)  # type: ignore[arg-type]


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    elif scope["type"] == "http" and scope["path"].startswith(STREAM_PREFIX):
        await django_asgi(scope, receive, send)
    elif scope["type"] == "http":
        await pages(scope, receive, send)  # type: ignore[arg-type]


async def _lifespan(receive: Any, send: Any) -> None:
    from laksa.live.hub import current_hub

    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _end_streams_on_exit(asyncio.get_running_loop())
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            hub = current_hub()
            if hub is not None:
                await hub.stop()
            # The API request log's waiting rows (org.request_log): uvicorn ends the process by
            # raising the signal again after this, so atexit would never run.
            await asyncio.get_running_loop().run_in_executor(None, _write_request_log)
            await send({"type": "lifespan.shutdown.complete"})
            return


def _write_request_log() -> None:
    from django.db import connections

    from laksa.org import request_log

    try:
        request_log.flush()
    finally:
        connections.close_all()  # this executor thread's own


def _end_streams_on_exit(loop: asyncio.AbstractEventLoop) -> None:
    """uvicorn shuts down only once every response has ended, and a stream never ends by itself:
    without this, SIGTERM or Ctrl-C would wait up to LAKSA_LIVE_MAX_SECONDS for each open wall.
    At the first signal, end the streams (browsers resume from their last id on the next server),
    then let the server's own handler do the rest."""
    from laksa.live.hub import current_hub

    def close(*_: Any) -> None:
        hub = current_hub()
        if hub is not None and hub.loop is loop:
            hub.close_streams()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def handler(signum: int, frame: Any, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(close)
            previous(signum, frame)

        try:
            signal.signal(sig, handler)
        except ValueError:  # not the main thread: nothing to chain to
            return
