"""A city's own mailbox, polled over IMAP: every unread message becomes a report (or a follow-up
on one), and is marked \\Seen only after that is committed. A crash in between leaves it unread,
so the next poll reads it again, and idempotency (the Message-ID) gives back the same report.

Account settings: host, port (993, or 143 without SSL), username, folder (INBOX), use_ssl (true);
secret: password. Called by the periodic task (tasks.py) and `laksa email-poll`."""

from __future__ import annotations

import contextlib
import imaplib
import logging
from dataclasses import dataclass, field
from datetime import datetime

from laksa.intake.email.inbound import CONTENT_FIELDS, accept, parse_message
from laksa.intake.errors import Rejected
from laksa.intake.models import ChannelAccount, Kind
from laksa.lib import clock
from laksa.reports.errors import InvalidInput

log = logging.getLogger(__name__)

TIMEOUT = 30.0
"""Seconds to wait on the server before giving up this poll (the next one tries again)."""
BATCH = 200
"""Messages taken per poll and mailbox: a backlog drains over a few polls, none runs for long."""


class MailboxError(Exception):
    """The mailbox could not be reached, logged in to or opened."""


@dataclass
class PollResult:
    account: str
    reports: list[str] = field(default_factory=list)
    followups: list[str] = field(default_factory=list)
    ignored: int = 0
    refused: int = 0
    failed: int = 0
    """Messages left unread to be read again at the next poll."""
    error: str = ""
    """Why the mailbox could not be read at all."""

    def summary(self) -> str:
        if self.error:
            return self.error
        return (
            f"{self.account}: {len(self.reports)} new report(s) {' '.join(self.reports)}".rstrip()
            + f", {len(self.followups)} follow-up(s), {self.ignored} ignored,"
            f" {self.refused} refused, {self.failed} left unread"
        )


def poll(account: ChannelAccount, *, now: datetime | None = None) -> PollResult:
    """Read the account's unread messages once. Must run outside a transaction: each report is
    committed before its message is marked seen. Raises MailboxError."""
    result = PollResult(account.name)
    client = _connect(account)
    try:
        uids = _unread(client, account)
        for uid in uids[:BATCH]:
            raw = _fetch(client, uid)
            if raw is None:
                continue
            if _take(raw, account, result, now=now):
                # After the commit: a crash before this line means the message is read again.
                client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    except (imaplib.IMAP4.error, OSError) as exc:
        raise MailboxError(f"{account.name}: {exc}") from exc
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return result


def poll_all(*, name: str = "") -> list[PollResult]:
    """Poll every active IMAP account (or the one named); a mailbox that fails is logged and the
    others are still read."""
    accounts = ChannelAccount.objects.select_related("jurisdiction").filter(
        kind=Kind.IMAP, active=True
    )
    if name:
        accounts = accounts.filter(name=name)
    results = []
    for account in accounts.order_by("id"):
        try:
            results.append(poll(account))
        except MailboxError as exc:
            log.warning("e-mail poll failed: %s", exc)
            results.append(PollResult(account.name, error=str(exc)))
    return results


def _connect(account: ChannelAccount) -> imaplib.IMAP4:
    host = str(account.setting("host") or "")
    if not host:
        raise MailboxError(f"{account.name}: no host set")
    use_ssl = str(account.setting("use_ssl", True)).strip().lower() not in ("false", "0", "no", "")
    port = int(account.setting("port") or (993 if use_ssl else 143))
    try:
        client = (
            imaplib.IMAP4_SSL(host, port, timeout=TIMEOUT)
            if use_ssl
            else imaplib.IMAP4(host, port, timeout=TIMEOUT)
        )
        client.login(str(account.setting("username") or ""), account.secret("password"))
    except (imaplib.IMAP4.error, OSError) as exc:
        raise MailboxError(f"{account.name}: {exc}") from exc
    return client


def _unread(client: imaplib.IMAP4, account: ChannelAccount) -> list[str]:
    folder = str(account.setting("folder") or "INBOX")
    status, _data = client.select(_quoted(folder))
    if status != "OK":
        raise MailboxError(f"{account.name}: cannot open folder {folder!r}")
    status, data = client.uid("SEARCH", "UNSEEN")
    if status != "OK" or not data or not data[0]:
        return []
    return [uid.decode() for uid in bytes(data[0]).split() if uid.isdigit()]


def _fetch(client: imaplib.IMAP4, uid: str) -> bytes | None:
    # BODY.PEEK leaves the message unread; only the STORE after the commit marks it.
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        return None
    for item in data or []:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _take(raw: bytes, account: ChannelAccount, result: PollResult, *, now: datetime | None) -> bool:
    """Make one message a report or a follow-up; True when it may be marked seen."""
    try:
        mail = parse_message(raw)
        outcome = accept(mail, account, now=now or clock.now())
    except Rejected as exc:
        fields = {problem.field for problem in exc.problems}
        if fields <= CONTENT_FIELDS:
            log.warning("e-mail on %s refused: %s", account.name, exc)
            result.refused += 1
            return True
        log.error("e-mail on %s left unread: %s", account.name, exc)
        result.failed += 1
        return False
    except InvalidInput as exc:
        log.warning("e-mail follow-up on %s refused: %s", account.name, exc)
        result.refused += 1
        return True
    except Exception:
        log.exception("e-mail on %s left unread: it failed and will be read again", account.name)
        result.failed += 1
        return False
    if outcome.report is None:
        result.ignored += 1
    elif outcome.followup:
        result.followups.append(outcome.report.code)
    else:
        result.reports.append(outcome.report.code)
    return True


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
