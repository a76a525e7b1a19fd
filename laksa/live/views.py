"""The live stream and the wall screen.

The stream is the only async view of Laksa: it holds a connection open for as long as the client
listens, which only an ASGI server does cheaply (see laksa/asgi.py). Everything else here is a
plain sync view.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from laksa.dispatch.reach import reach_of
from laksa.lib import clock
from laksa.lib.json_errors import error_response
from laksa.live import wall
from laksa.live.hub import Hub, get_hub
from laksa.live.models import WallScreen
from laksa.live.projection import PUBLIC, STAFF, WALL, Filters, Viewer
from laksa.live.stream import events
from laksa.org import permissions
from laksa.org.models import Jurisdiction
from laksa.org.selectors import city_or_none, current_jurisdiction
from laksa.reports.feed import FeedItem
from laksa.reports.models import Report
from laksa.reports.statuses import Status


class _BadParameter(ValueError):
    """A query parameter (or header) of the stream that cannot be read; `name` is which."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _bad_parameter(name: str, message: str) -> HttpResponse:
    return error_response(400, message, field=name, code="invalid")


def _int_param(raw: str | None, name: str) -> int | None:
    if raw in (None, ""):
        return None
    assert raw is not None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise _BadParameter(
            name, _("Parameter %(name)s harus bilangan bulat positif.") % {"name": name}
        )
    return int(raw)


@dataclass(frozen=True)
class _Access:
    """What a stream request may follow: a projection, the one city whose events it gets, and
    whether only that city's public reports (a kiosk screen)."""

    viewer: Viewer
    jurisdiction: int | None
    """None (no city yet) follows nothing."""
    public_only: bool = False


@dataclass(frozen=True)
class _Within(Filters):
    """The client's filters, kept within what its access allows."""

    jurisdiction: int | None = None
    public_only: bool = False
    """The public's reports only, as the PUBLIC projection's may_see: not a private one, nor a
    rejected one (spam, a reason naming someone), with every event of it."""

    def match(self, item: FeedItem) -> bool:
        if item.jurisdiction_id != self.jurisdiction:
            return False
        if self.public_only and (not item.public or item.status == Status.REJECTED):
            return False
        return super().match(item)


def _access_for(request: HttpRequest) -> _Access | None:
    """What a request is entitled to follow; None for a kiosk token or a report's private link
    that is not (or no longer) valid. Sync: it reads the session and the user's memberships."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    secret = request.GET.get("secret")
    if secret:
        code = request.GET.get("code", "").strip().upper()[:40]
        report = Report.objects.filter(code=code).only("code", "secret", "jurisdiction").first()
        if report is None or not secrets.compare_digest(report.secret.encode(), secret.encode()):
            return None
        viewer = Viewer(PUBLIC, language=language, reporter_of=report.code)
        return _Access(viewer, report.jurisdiction_id)
    token = request.GET.get("kiosk")
    if token:
        screen = WallScreen.from_token(token)
        if screen is None:
            return None
        # A TV anyone in the room can read, by a URL anyone may have photographed: the city's
        # public reports only, never a private report's code or point (wall.state does the same).
        viewer = Viewer(WALL, everything=True, language=screen.language, screen=screen.pk)
        return _Access(viewer, screen.jurisdiction_id, public_only=True)
    reach = reach_of(request.user)  # the same reach as the console, SIGAP and the API
    if reach.everything:
        return _Access(Viewer(STAFF, everything=True, language=language), reach.jurisdiction)
    if reach:
        return _Access(Viewer(STAFF, reach=reach, language=language), reach.jurisdiction)
    # A worker's crews' jobs cannot be followed event by event: their stream is the public
    # one, and their jobs come through SIGAP and the API's /staff/events.
    return _Access(Viewer(PUBLIC, language=language), _public_city(request))


def _public_city(request: HttpRequest) -> int | None:
    """The city whose public events an anonymous viewer follows: the site's, or, following one
    report (`code`: its tracking page, which serves any city's report), that report's own."""
    code = request.GET.get("code", "").strip().upper()[:40]
    if code:
        found = Report.objects.filter(code=code).values_list("jurisdiction_id", flat=True).first()
        if found is not None:
            return found
    city = city_or_none()
    return city.pk if city else None


def _viewer_for(request: HttpRequest) -> Viewer | None:
    """The projection a request is entitled to (see _access_for)."""
    access = _access_for(request)
    return access.viewer if access else None


def _access_and_release(request: HttpRequest) -> _Access | None:
    close_old_connections()  # this shared worker thread may hold a connection from before
    return _access_for(request)


@never_cache
@require_GET
async def stream(request: HttpRequest) -> HttpResponseBase:
    """`GET /live/stream`: committed report events as Server-Sent Events.

    Resume with the `Last-Event-ID` header (browsers send it on reconnect) or `?last_event_id=`;
    without either the stream starts at the newest event. Filters: `agency`, `area`, `category`,
    `code` (one report: a tracking page; with the report's `secret` its reporter follows it even
    when it is not public).
    """
    if "wsgi.input" in request.META:
        # A WSGI server (runserver, a gunicorn without the split of laksa/asgi.py) would hold a
        # thread for ever and send nothing: Django buffers an async stream to its end there.
        return error_response(503, _("Aliran langsung hanya dilayani oleh server ASGI (make run)."))
    try:
        cursor = _int_param(
            request.headers.get("Last-Event-ID") or request.GET.get("last_event_id"),
            "Last-Event-ID",
        )
        filters = Filters(
            agency=_int_param(request.GET.get("agency"), "agency"),
            area=_int_param(request.GET.get("area"), "area"),
            category=(request.GET.get("category") or None),
            code=(request.GET.get("code") or "").strip().upper() or None,
        )
    except _BadParameter as exc:
        return _bad_parameter(exc.name, str(exc))
    if filters.category is not None and len(filters.category) > 40:
        return _bad_parameter("category", _("Parameter category terlalu panjang."))
    if filters.code is not None and len(filters.code) > 40:
        return _bad_parameter("code", _("Parameter code terlalu panjang."))
    # Sessions, users and memberships are read in a shared worker thread: an open stream holds
    # neither a thread nor a database connection of its own.
    access = await sync_to_async(_access_and_release, thread_sensitive=False)(request)
    if access is None:
        if request.GET.get("secret"):
            return error_response(403, _("Tautan pribadi laporan ini tidak berlaku."))
        return error_response(403, _("Tautan layar tidak berlaku lagi."))
    viewer = access.viewer
    within = _Within(
        **asdict(filters), jurisdiction=access.jurisdiction, public_only=access.public_only
    )
    hub = await get_hub()
    reset = False
    if cursor is not None and cursor > hub.head:
        await hub.refresh()  # another server may simply have seen it first
        if cursor > hub.head:
            # An id this database never gave (it was restored, or the client made it up): tell
            # the client to read the state afresh, and follow from now.
            cursor, reset = hub.head, True
    start = hub.head if cursor is None else cursor
    check = _screen_check(hub, viewer.screen) if viewer.screen is not None else None
    response = StreamingHttpResponse(
        events(hub, viewer, within, start, check, reset=reset),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx must pass each event on at once
    return response


def _screen_check(hub: Hub, screen: int) -> Callable[[], Awaitable[bool]]:
    async def still_active() -> bool:
        return await hub.run_db(WallScreen.objects.filter(pk=screen, active=True).exists)

    return still_active


# --- the wall screen -------------------------------------------------------------------------------


def _wall_access(request: HttpRequest, token: str | None) -> tuple[Jurisdiction | None, str, str]:
    """The city a wall request may show, the kiosk token to pass on (empty for a login) and the
    language to show it in: a kiosk screen's own, else the signed-in user's. A kiosk token shows
    the public wall (wall.state's `public_only`) whoever is signed in on the TV's browser."""
    if token:
        screen = WallScreen.from_token(token)
        if screen is None:
            return None, "", ""
        WallScreen.objects.filter(pk=screen.pk).update(last_seen_at=clock.now())
        return screen.jurisdiction, token, screen.language
    if permissions.sees_everything(request.user):
        return current_jurisdiction(), "", translation.get_language() or settings.LANGUAGE_CODE
    return None, "", ""


def _in_language(language: str, response: HttpResponse) -> HttpResponse:
    # LocaleMiddleware only fills Content-Language when it is missing.
    response["Content-Language"] = language
    return response


@never_cache
def wall_page(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """`/live/wall` (staff who see the whole city) or `/live/wall/k/<token>/` (a kiosk TV)."""
    if token is None and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    city, kiosk, language = _wall_access(request, token)
    if city is None:
        return render(request, "live/wall_denied.html", status=403)
    with translation.override(language):
        return _in_language(language, _wall(request, city, kiosk))


def _wall(request: HttpRequest, city: Jurisdiction, kiosk: str) -> HttpResponse:
    query = f"?{urlencode({'kiosk': kiosk})}" if kiosk else ""
    context: dict[str, Any] = {
        "city": city,
        "tz_label": timezone.localtime(clock.now(), city.tz).strftime("%Z"),
        "wall_config": {
            "stream": reverse("live:stream") + query,
            "state": reverse("live:state") + query,
            "summary": reverse("live:summary") + query,
            "areas": reverse("public:map_areas"),
            "tiles": settings.LAKSA_TILE_URL,
            "attribution": settings.LAKSA_TILE_ATTRIBUTION,
            "timezone": city.timezone,
            "language": translation.get_language() or "id",
            "center": [city.center_lat, city.center_lng],
            "labels": {
                "minutes": _("mnt"),
                "none": "—",
                "before": _("Sebelum"),
                "after": _("Sesudah"),
            },
        },
    }
    return render(request, "live/wall.html", context)


@never_cache
def wall_state(request: HttpRequest) -> HttpResponse:
    city, kiosk, language = _wall_access(request, request.GET.get("kiosk"))
    if city is None:
        return error_response(403, _("Tidak berhak melihat layar ini."))
    with translation.override(language):
        state = wall.state(city, public_only=bool(kiosk))
        return _in_language(language, JsonResponse(state))


@never_cache
def wall_summary(request: HttpRequest) -> HttpResponse:
    city, _kiosk, language = _wall_access(request, request.GET.get("kiosk"))
    if city is None:
        return error_response(403, _("Tidak berhak melihat layar ini."))
    with translation.override(language):
        data = {**wall.summary(city), "newest": wall.newest(city)}
        return _in_language(language, JsonResponse(data))
