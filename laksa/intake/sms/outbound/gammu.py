"""Gammu SMSD (a GSM modem on the city's own machine): the message is a row in SMSD's SQL
`outbox` table, which the daemon sends and moves to `sentitems` (gammu-smsd-tables, schema 17).

Exactly once: the row's CreatorID is `laksa:<send_key>`, and a message whose CreatorID is already
in `outbox` or `sentitems` is not inserted again, in the same transaction of SMSD's database.
Column names are quoted: Gammu's PostgreSQL schema made them case-sensitive ("DestinationNumber");
SQLite reads the quotes the same way.
A text longer than one SMS goes as a concatenated message: the first part in `outbox`, the rest in
`outbox_multipart`, each with its UDH, as gammu-smsd-inject writes them.

Account settings: `database_url`, an SMSD database as `sqlite:///path` or `postgres://…`
(MySQL needs a driver Laksa does not ship); optional `sender` (SMSD's SenderID, the phone id).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from laksa.intake.outbound import Outgoing, PermanentError, Sent, TemporaryError
from laksa.lib.gsm7 import gsm7_length

if TYPE_CHECKING:
    from laksa.intake.models import ChannelAccount


@contextmanager
def _cursor(url: str) -> Iterator[tuple[Any, str]]:
    """A cursor in one transaction of SMSD's database, and its parameter marker."""
    if url.startswith("sqlite:///"):
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        marker = "?"
    elif url.startswith(("postgres://", "postgresql://")):
        import psycopg

        conn = psycopg.connect(url, connect_timeout=5)
        marker = "%s"
    else:
        raise PermanentError("Gammu database_url must be sqlite:///… or postgres://…")
    try:
        cursor = conn.cursor()
        yield cursor, marker
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def parts(text: str) -> tuple[str, list[str]]:
    """The SMSD coding and the text in parts of one concatenated message (153 GSM-7 or 67 UCS-2
    characters a part; one part needs no split)."""
    if gsm7_length(text) is None:
        coding, single, size = "Unicode_No_Compression", 70, 67
    else:
        coding, single, size = "Default_No_Compression", 160, 153
    if len(text) <= single:  # near enough for GSM-7: extension characters are rare in our texts
        return coding, [text]
    return coding, [text[i : i + size] for i in range(0, len(text), size)]


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    url = account.setting("database_url") if account else ""
    if not url:
        raise PermanentError("the Gammu account has no database_url")
    creator = f"laksa:{message.send_key}"
    coding, texts = parts(message.body)
    sender = account.setting("sender") if account else ""
    try:
        with _cursor(url) as (cursor, p):
            for table in ("outbox", "sentitems"):
                cursor.execute(f'SELECT "ID" FROM {table} WHERE "CreatorID" = {p}', [creator])  # noqa: S608
                row = cursor.fetchone()
                if row:
                    return Sent(provider_message_id=f"gammu:{row[0]}")
            reference = random.randrange(256)
            udh = [
                f"050003{reference:02X}{len(texts):02X}{i:02X}" for i in range(1, len(texts) + 1)
            ]
            multipart = len(texts) > 1
            cursor.execute(  # the markers are the driver's, never data
                'INSERT INTO outbox ("DestinationNumber", "TextDecoded", "CreatorID", "Coding", '  # noqa: S608
                f'"MultiPart", "UDH", "SenderID") VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})',
                [
                    message.recipient,
                    texts[0],
                    creator,
                    coding,
                    "true" if multipart else "false",
                    udh[0] if multipart else "",
                    sender or None,
                ],
            )
            cursor.execute(f'SELECT "ID" FROM outbox WHERE "CreatorID" = {p}', [creator])  # noqa: S608
            outbox_id = cursor.fetchone()[0]
            for position, (part, header) in enumerate(zip(texts[1:], udh[1:], strict=True), 2):
                cursor.execute(
                    'INSERT INTO outbox_multipart ("ID", "SequencePosition", "TextDecoded", "Coding", '  # noqa: S608
                    f'"UDH") VALUES ({p}, {p}, {p}, {p}, {p})',
                    [outbox_id, position, part, coding, header],
                )
    except (sqlite3.Error, OSError) as exc:
        raise TemporaryError(f"Gammu database: {exc}") from exc
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            raise TemporaryError(f"Gammu database: {exc}") from exc
        raise
    return Sent(provider_message_id=f"gammu:{outbox_id}")
