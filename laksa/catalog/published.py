"""The light reads: answers that change only when an administrator changes the catalog (Open311's
services, definitions and discovery, the API's categories, the map's kelurahan boundaries), served
from the cache and answered with 304 when the client already has them.

Which version of the catalog is current lives in the database (CatalogVersion, one row): every
save or delete of a category, question, area, agency or city gives it a new random token in the
same transaction (`changed`, connected in CatalogConfig.ready), and an answer is cached under the
token it was rendered at. A request reads the row by its primary key (its one query when the
answer is cached) before it reads anything else, so what it caches is never older than the token
it caches it under, and every process sees a change within a second (VERSION_TTL; the process
that made it, at once), whatever cache it has: nothing is deleted from a cache, an old token's
answers are simply never asked for again.

A change that bypasses the signals (QuerySet.update, raw SQL) must call `changed()` itself;
`migrate` calls it, as a data migration changes rows without them.

The validators: a strong ETag, a hash of the body (the same in every process, and unchanged when
a change elsewhere in the catalog leaves this answer as it was), and Last-Modified, the time of the
current version. `Cache-Control: public, max-age=0, must-revalidate`: a client or proxy may keep
the answer but asks each time whether it still holds, so an administrator's change is seen at
once, and the asking costs one primary-key read and a few hundred bytes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.fields import DateTimeField
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag

from laksa.catalog.models import CatalogVersion
from laksa.lib import clock, prepared
from laksa.lib.kept import kept
from laksa.lib.memo import Memo
from laksa.org.selectors import city_or_none

CACHE_CONTROL = "public, max-age=0, must-revalidate"
TIMEOUT = 24 * 3600
"""Seconds a rendered answer is kept: an old version's answers are never read again and go."""
VERSION_ID = 1
_kept_answers = kept()
"""The answers this process has read or made (laksa.lib.kept: a key's answer never changes)."""

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
Inputs = Callable[..., Hashable]


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime
    previous_at: datetime | None

    @property
    def last_modified(self) -> int:
        """Last-Modified as HTTP has it: whole seconds."""
        return int(self.changed_at.timestamp())

    @property
    def dated_alone(self) -> bool:
        """Is this version the only one of its second? Only then does If-Modified-Since tell it
        apart: two changes in one second give two versions with the same Last-Modified."""
        return self.previous_at is None or int(self.previous_at.timestamp()) < self.last_modified


VERSION_TTL = 1.0
"""Seconds a process keeps the version it read: at a thousand light reads a second, reading the
row for each was a fifth of their cost. A change made by this process is seen at once (`changed`
forgets it, and again on commit); another process's, within the second."""


def current() -> Version | None:
    """The current version, as this process last read it within VERSION_TTL. Inside a
    transaction it is read afresh and not kept: a version that transaction made is not yet the
    others', and may never be."""
    if connection.in_atomic_block:
        return _read_version()
    return _kept.get(VERSION_ID, _read_version)


def _read_version() -> Version | None:
    """The current version: one read by primary key. None before the row exists (a database
    being built): then nothing is cached.

    Written out rather than built by the ORM: it runs on every light read, where building the
    query cost more than running it."""
    with prepared.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [VERSION_ID])
        row = cursor.fetchone()
    if row is None:
        return None
    token, changed_at, previous_at = row
    changed = _moment(changed_at)
    assert changed is not None  # NOT NULL
    return Version(token, changed, _moment(previous_at))


_TABLE = CatalogVersion._meta.db_table
_VERSION_SQL = f"SELECT token, changed_at, previous_at FROM {_TABLE} WHERE id = %s"  # noqa: S608


def _moment(value: datetime | str | None) -> datetime | None:
    """A column's time as the ORM would give it: SQLite's driver gives text in UTC."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_kept: Memo[Version | None] = Memo("catalog-version", (), ttl=VERSION_TTL, size=1)


def changed(using: str | None = None, **kwargs: Any) -> None:
    """A new version of the catalog, in the caller's transaction: a change rolled back takes its
    version with it. Connected to the saves and deletes of what the light reads show (a signal
    receiver: `using` is the database written, the rest is ignored). The time only goes forward,
    even from a host whose clock lags."""
    _kept.forget()
    transaction.on_commit(_kept.forget, using=using)
    now = clock.now()
    token = secrets.token_hex(16)
    versions = CatalogVersion.objects.using(using)
    updated = versions.filter(pk=VERSION_ID).update(
        token=token,
        previous_at=F("changed_at"),
        changed_at=Greatest(Value(now, output_field=DateTimeField()), F("changed_at")),
    )
    if not updated:
        versions.get_or_create(pk=VERSION_ID, defaults={"token": token, "changed_at": now})


def changed_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Connected to post_migrate: a data migration may have changed the catalog without signals."""
    from django.db import connections

    if CatalogVersion._meta.db_table in connections[using].introspection.table_names():
        changed(using)


def site_city(request: HttpRequest, *args: Any, **kwargs: Any) -> int | None:
    """`inputs` of an answer about the city the site serves (None: none yet, the view says so)."""
    city = city_or_none()
    return city.pk if city else None


@dataclass(frozen=True)
class Rendered:
    """An answer as the view gave it, and its ETag."""

    body: bytes
    headers: dict[str, str]
    etag: str


def published(
    name: str, *, inputs: Inputs | None = None, by_language: bool = True
) -> Callable[[View], View]:
    """Serve a GET (or HEAD) view's 200 answers from the cache under the current version, with
    ETag, Last-Modified and Cache-Control, answering a conditional request with 304.

    The answer is cached per version, `name`, the view's URL arguments, `inputs(request, *args,
    **kwargs)` (what else of the request it depends on: a parameter, the caller's city) and, with
    `by_language`, the active language. Anything but a 200 (an error) is returned as the view
    made it and not cached; so is every other method."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            version = current()  # before anything the answer is made of: see the module's doc
            if version is None:
                return view(request, *args, **kwargs)
            language = translation.get_language() if by_language else None
            asked = (args, sorted(kwargs.items()), inputs and inputs(request, *args, **kwargs))
            digest = hashlib.sha256(repr((asked, language)).encode()).hexdigest()[:40]
            key = f"laksa:published:{name}:{version.token}:{digest}"
            rendered: Rendered | None = _kept_answers.get(key)
            if rendered is None:
                response = view(request, *args, **kwargs)
                if not _keepable(response):
                    return response
                assert isinstance(response, HttpResponse)
                body = response.content
                rendered = Rendered(
                    body=body,
                    headers=dict(response.items()),
                    etag=quote_etag(hashlib.sha256(body).hexdigest()[:32]),
                )
                if not getattr(response, "fresh_each_time", False):
                    _kept_answers.set(key, rendered, TIMEOUT)
            return _answer(request, rendered, version, by_language=by_language)

        return cast(View, wrapped)

    return decorator


def fresh_each_time(response: HttpResponse) -> HttpResponse:
    """Mark an answer that must not be cached (it holds the time it was made), though it is still
    answered with validators."""
    response.fresh_each_time = True  # type: ignore[attr-defined]
    return response


def _keepable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
    )


def _answer(
    request: HttpRequest, rendered: Rendered, version: Version, *, by_language: bool
) -> HttpResponseBase:
    response = HttpResponse(rendered.body, headers=rendered.headers)
    response["ETag"] = rendered.etag
    response["Last-Modified"] = http_date(version.last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    if by_language:
        # LocaleMiddleware picks the language from its cookie before Accept-Language (it adds
        # Accept-Language to Vary itself).
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
    answered = get_conditional_response(
        request,
        etag=rendered.etag,
        last_modified=version.last_modified if version.dated_alone else None,
        response=response,
    )
    assert answered is not None
    return answered
