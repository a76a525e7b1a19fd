"""The one way in: a door reads its input into an Inbound and calls `receive`. One key scheme
for every door: the channel, the account and the message id (Inbound.idempotency_key); with a
fingerprint, the key gives the first report back only to the same request."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.db import connection
from django.utils.translation import gettext as _

from laksa.intake.inbound import Inbound
from laksa.intake.retries import likely_retry_of
from laksa.intake.validate import validate
from laksa.lib import prepared
from laksa.org.models import Jurisdiction
from laksa.reports.actions import create_report
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Report


class KeyReused(InvalidInput):
    """The idempotency key came before with another request: a client bug, refused."""

    code = "key_reused"

    def __init__(self) -> None:
        super().__init__(_("Kunci idempotensi ini sudah dipakai untuk permintaan lain."))


@dataclass(frozen=True)
class Received:
    report: Report
    created: bool
    """False when the same message came before: the first report is given back."""
    likely_retry_of: Report | None = None
    """Sent again without a key (intake.retries): the report created is hidden and offered to
    the LIVE Room as a duplicate of this one, which a door may answer with instead."""


def receive(
    inbound: Inbound,
    *,
    jurisdiction: Jurisdiction,
    actor: Any = None,
    now: datetime | None = None,
) -> Received:
    """Validate the message and create its report; the same message again (same channel,
    account and message id) gives back the first report. Raises intake.errors.Rejected, or
    KeyReused when the key came with another request."""
    key = inbound.idempotency_key()
    if key:
        first = _first_with_key(inbound.channel, key)
        if first is not None:
            return Received(_same_request(first, inbound), created=False)
    new = validate(inbound, jurisdiction)
    if not key:
        new.retry_of = likely_retry_of(new, now)
    report = create_report(new, actor=actor, now=now, key_checked=True)
    if key:
        # Another request with the key may have made the report first, at the same moment.
        _same_request(report, inbound)
    return Received(report, created=True, likely_retry_of=new.retry_of)


def _first_with_key(channel: str, key: str) -> Report | None:
    """The report a key made, if any. Every message asks and almost none is a repeat: the id
    alone, by a statement written once (building the query was a tenth of a chat message's
    drain, docs/performance.md); the report is read only when there is one."""
    with prepared.cursor() as cursor:
        cursor.execute(_WITH_KEY, [channel, key])
        row = cursor.fetchone()
    return Report.objects.get(pk=row[0]) if row else None


def _with_key_sql() -> str:
    q = connection.ops.quote_name
    return (
        f"SELECT {q('id')} FROM {q(Report._meta.db_table)} "  # noqa: S608
        f"WHERE {q('channel')} = %s AND {q('idempotency_key')} = %s LIMIT 1"
    )


_WITH_KEY = _with_key_sql()


def _same_request(first: Report, inbound: Inbound) -> Report:
    if not secrets.compare_digest(first.idempotency_fingerprint, inbound.fingerprint[:64]):
        raise KeyReused
    return first


def fingerprint(fields: Mapping[str, Any], files: Iterable[IO[bytes]] = ()) -> str:
    """sha256 over every field and every file's bytes: what makes two requests the same one."""
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode())
    for upload in files:
        upload.seek(0)
        one = hashlib.sha256(upload.read())
        upload.seek(0)
        digest.update(one.digest())
    return digest.hexdigest()
