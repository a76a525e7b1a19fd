"""Gammu SMSD's SQL `inbox` (gammu-smsd-tables, the sql backend): unprocessed rows are read,
the parts of a long message joined by their UDH, the messages stored in the intake inbox
(intake/inbox.py, one INSERT), and their rows marked Processed='true'. The command
`laksa sms-poll-gammu` and a huey task every minute (intake/tasks.py) call `poll`.

Account settings: `database_url` (`sqlite:///path` or `postgres://…`, the same that notify's Gammu
sender writes the outbox to) and `poll_inbox=yes` for the periodic task. A message is marked
processed only after the inbox row committed; a crash in between reads it again, and its provider
id (the lowest inbox ID of its parts, as `laksa sms-receive` names it) is the same inbox row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.sms.inbound import Sms
from laksa.lib import clock
from laksa.org.models import Jurisdiction

MULTIPART_WAIT = timedelta(minutes=15)
"""A long message whose parts are not all in the inbox after this long is read as it is. SMSD
itself waits (MultipartTimeout, 600 s by default) before storing an incomplete one."""


class GammuDatabaseError(RuntimeError):
    """SMSD's database cannot be reached or read."""


@dataclass(frozen=True)
class Row:
    id: int
    sender: str
    text: str
    udh: str
    received: datetime | None


@dataclass(frozen=True)
class Part:
    reference: int
    total: int
    number: int


def concatenation(udh: str) -> Part | None:
    """The concatenated-SMS element of a UDH in hex (IEI 00, 8-bit reference, or IEI 08, 16-bit:
    3GPP TS 23.040 9.2.3.24.1), or None for a single message."""
    try:
        data = bytes.fromhex((udh or "").strip())
    except ValueError:
        return None
    if len(data) < 2 or data[0] + 1 > len(data):
        return None
    position, end = 1, data[0] + 1
    while position + 2 <= end:
        iei, length = data[position], data[position + 1]
        value = data[position + 2 : position + 2 + length]
        if iei == 0x00 and len(value) == 3:
            return Part(value[0], value[1], value[2])
        if iei == 0x08 and len(value) == 4:
            return Part(value[0] << 8 | value[1], value[2], value[3])
        position += 2 + length
    return None


@dataclass
class Message:
    rows: list[Row]
    total: int

    @property
    def complete(self) -> bool:
        return len(self.rows) >= self.total

    def sms(self) -> Sms:
        ordered = sorted(self.rows, key=lambda r: (_number(r), r.id))
        return Sms(
            sender=ordered[0].sender,
            text="".join(r.text for r in ordered),
            message_id=str(min(r.id for r in self.rows)),
        )


def _number(row: Row) -> int:
    part = concatenation(row.udh)
    return part.number if part else 0


def messages(rows: list[Row]) -> list[Message]:
    """Rows grouped into messages: a single SMS alone, the parts of a long one by (sender,
    reference, total), in the order of their first row."""
    grouped: dict[tuple[Any, ...], Message] = {}
    for row in rows:
        part = concatenation(row.udh)
        if part is None or part.total < 2:
            grouped[("single", row.id)] = Message([row], 1)
            continue
        key = (row.sender, part.reference, part.total)
        message = grouped.setdefault(key, Message([], part.total))
        if _number(row) not in {_number(r) for r in message.rows}:  # SMSD stored a part twice
            message.rows.append(row)
    return sorted(grouped.values(), key=lambda m: min(r.id for r in m.rows))


@contextmanager
def connect(url: str) -> Iterator[tuple[Any, str]]:
    """A connection to SMSD's database and its parameter marker."""
    try:
        if url.startswith("sqlite:///"):
            conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
            marker = "?"
        elif url.startswith(("postgres://", "postgresql://")):
            import psycopg

            conn = psycopg.connect(url, connect_timeout=5)
            marker = "%s"
        else:
            raise GammuDatabaseError("database_url must be sqlite:///… or postgres://…")
    except (sqlite3.Error, ImportError) as exc:
        raise GammuDatabaseError(str(exc)) from exc
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            raise GammuDatabaseError(str(exc)) from exc
        raise
    try:
        yield conn, marker
    finally:
        conn.close()


def _received(value: Any, account: ChannelAccount) -> datetime | None:
    """ReceivingDateTime is SMSD's local time without a zone: read in the city's zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=account.jurisdiction.tz)
    return value


def poll(account: ChannelAccount, *, limit: int = 500, now: datetime | None = None) -> int:
    """Store SMSD's unprocessed messages in the intake inbox; returns how many messages were read
    (stored now or before). Raises GammuDatabaseError when SMSD's database cannot be reached."""
    url = account.setting("database_url")
    if not url:
        raise GammuDatabaseError(f"the account {account.name} has no database_url")
    now = now or clock.now()
    with connect(url) as (conn, p):
        try:
            cursor = conn.cursor()
            cursor.execute(
                'SELECT "ID", "SenderNumber", "TextDecoded", "UDH", "ReceivingDateTime" '  # noqa: S608
                f'FROM inbox WHERE "Processed" = \'false\' ORDER BY "ID" LIMIT {p}',
                [int(limit)],
            )
            rows = [
                Row(
                    int(r[0]),
                    str(r[1] or ""),
                    str(r[2] or ""),
                    str(r[3] or ""),
                    _received(r[4], account),
                )
                for r in cursor.fetchall()
            ]
            conn.commit()
            ready = [m for m in messages(rows) if m.complete or _stale(m, now)]
            if ready:
                inbox.accept(account, [m.sms() for m in ready], now=now)
                cursor.executemany(
                    f'UPDATE inbox SET "Processed" = \'true\' WHERE "ID" = {p}',  # noqa: S608
                    [(r.id,) for m in ready for r in m.rows],
                )
                conn.commit()
        except sqlite3.Error as exc:
            raise GammuDatabaseError(str(exc)) from exc
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise GammuDatabaseError(str(exc)) from exc
            raise
    return len(ready)


def _stale(message: Message, now: datetime) -> bool:
    times = [r.received for r in message.rows if r.received is not None]
    return not times or now - max(times) >= MULTIPART_WAIT


def polled_accounts(jurisdiction: Jurisdiction | None = None) -> list[ChannelAccount]:
    """Active Gammu accounts with `poll_inbox` on (yes, true, 1, on)."""
    accounts = ChannelAccount.objects.filter(kind=Kind.GAMMU, active=True).select_related(
        "jurisdiction"
    )
    if jurisdiction is not None:
        accounts = accounts.filter(jurisdiction=jurisdiction)
    return [
        a
        for a in accounts
        if str(a.setting("poll_inbox", "")).strip().lower() in {"yes", "true", "1", "on"}
    ]
