"""SMS in: each provider's input read into one `Sms`, and `handle` doing what it asks (a report,
a status, the info text, or "not understood"), whatever door it came through.

Doors: Gammu SMSD's RunOnReceive environment (`laksa sms-receive`), Gammu's SQL inbox
(sms/gammu_sql.py), a Kannel get-url or post-url, and a generic JSON gateway signed with
HMAC-SHA256 (sms/views.py). Formats: docs/channels.md "SMS"; captured payloads in fixtures/."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl

from django.db import transaction
from django.utils import translation

from laksa.intake.errors import Problem, Rejected
from laksa.intake.inbound import Inbound
from laksa.intake.models import ChannelAccount
from laksa.intake.receive import receive
from laksa.intake.replies import ask_reply
from laksa.intake.sms.keywords import Intent, read
from laksa.lib.phone import normalise
from laksa.lib.storable import storable
from laksa.reports.models import Channel, Report

MAX_MESSAGE_ID = 150
"""Room for the account name in the report's 200-character idempotency key."""


def stored_message_id(raw: str) -> str:
    """A provider's message id as stored (inbox row, report key): a longer one becomes its start
    and its SHA-256, so two ids sharing their first 150 characters stay two messages."""
    raw = raw.strip()
    if len(raw) <= MAX_MESSAGE_ID:
        return raw
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{raw[: MAX_MESSAGE_ID - len(digest) - 1]}~{digest}"


SIGNATURE_HEADER = "X-Laksa-Signature"
"""The generic gateway's signature: `sha256=<hex HMAC-SHA256 of the raw body, key: the account's
secret>`."""


class Malformed(ValueError):
    """The provider's input is not in its documented format; nothing was stored."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Sms:
    """One SMS as a door read it, long messages already joined."""

    sender: str
    """As the provider gave it: 0812…, 62812…, +62812…, or a name (TELKOMSEL)."""
    text: str
    message_id: str = ""
    """The provider's id of the message: the same id again gives the first answer back."""


@dataclass
class Outcome:
    """What `handle` did: `kind` is report, status, info, not_understood or ignored."""

    kind: str
    report: Report | None = None
    problems: list[Problem] = field(default_factory=list)
    created: bool = False
    """A report was made now (not given back for a message that came before)."""

    def as_json(self) -> dict[str, object]:
        answer: dict[str, object] = {"outcome": self.kind}
        if self.kind == "report" and self.report is not None:
            answer["code"] = self.report.code
        if self.problems:
            answer["problems"] = [{"field": p.field, "message": p.message} for p in self.problems]
        return answer


def handle(account: ChannelAccount, sms: Sms, *, now: datetime | None = None) -> Outcome:
    """Do what the message asks, in one transaction with the reply it wants. A sender that is not
    a phone number (an operator's promotion from "TELKOMSEL") is ignored: nobody to answer."""
    sender = normalise(sms.sender)
    if not sender:
        return Outcome("ignored")
    request = read(sms.text)
    with transaction.atomic():
        if request.intent == Intent.INFO:
            ask_reply(account, to=sender, key="info")
            return Outcome("info")
        if request.intent == Intent.STATUS:
            return _status(account, sender, request.code)
        if request.intent == Intent.UNREADABLE:
            ask_reply(account, to=sender, key="not_understood")
            return Outcome("not_understood")
        inbound = Inbound(
            channel=Channel.SMS,
            text=request.text,
            account=account.name,
            message_id=stored_message_id(sms.message_id),
            sender=sender,
            address=request.place,
        )
        try:
            received = receive(inbound, jurisdiction=account.jurisdiction, now=now)
        except Rejected as exc:
            problems = " ".join(p.message for p in exc.problems)
            ask_reply(account, to=sender, key="not_understood", values={"problems": problems})
            return Outcome("not_understood", problems=exc.problems)
        return Outcome("report", report=received.report, created=received.created)


def _status(account: ChannelAccount, sender: str, code: str) -> Outcome:
    """The status of the report with that code. Only what its public page shows goes in the
    values; a report that is not public is "not found" to any number but its reporter's."""
    report = (
        Report.objects.filter(jurisdiction=account.jurisdiction, code=code)
        .select_related("contact", "category")
        .first()
    )
    owner = bool(report and report.contact and normalise(report.contact.phone) == sender)
    if report is None or not (report.public or owner):
        values = {"code": code, "found": "", "status": "", "status_label": "", "owner": ""}
        ask_reply(account, to=sender, key="status", values=values)
        return Outcome("status")
    with translation.override("id"):
        label = str(report.get_status_display())
    values = {
        "code": report.code,
        "found": "1",
        "status": str(report.status),
        "status_label": label,
        "owner": "1" if owner else "",
    }
    ask_reply(account, to=sender, key="status", values=values, report=report)
    return Outcome("status", report=report)


# --- Gammu SMSD RunOnReceive -----------------------------------------------------------------------


def from_gammu_env(env: Mapping[str, str], ids: Sequence[str] = ()) -> Sms:
    """The message in RunOnReceive's environment (gammu-smsd-run(7), Gammu 1.28+). A long message
    comes whole in DECODED_1_TEXT…; without decoded parts, the parts' SMS_n_TEXT are joined in
    order. `ids` are the arguments SMSD appends (inbox row IDs or file names): the first is the
    message's id, as sms/gammu_sql.py names the same message."""
    try:
        count = int(env.get("SMS_MESSAGES", ""))
    except ValueError:
        raise Malformed("SMS_MESSAGES is missing or not a number", field="SMS_MESSAGES") from None
    if count < 1:
        raise Malformed("SMS_MESSAGES is 0: no message", field="SMS_MESSAGES")
    sender = env.get("SMS_1_NUMBER", "").strip()
    if not sender:
        raise Malformed("SMS_1_NUMBER is missing", field="SMS_1_NUMBER")
    try:
        decoded = int(env.get("DECODED_PARTS", "0") or 0)
    except ValueError:
        decoded = 0
    texts = [env.get(f"DECODED_{i}_TEXT", "") for i in range(1, decoded + 1)]
    if not any(texts):
        texts = [env.get(f"SMS_{i}_TEXT", "") for i in range(1, count + 1)]
    return Sms(sender=sender, text="".join(texts), message_id=first_id(ids))


def first_id(ids: Sequence[str]) -> str:
    """The lowest of SMSD's message ids (numbers compared as numbers)."""
    ids = [str(i).strip() for i in ids if str(i).strip()]
    if not ids:
        return ""
    return min(ids, key=lambda i: (0, int(i), "") if i.isdigit() else (1, 0, i))


# --- Kannel get-url / post-url -----------------------------------------------------------------------

KANNEL_CHARSETS = {"utf-8", "utf8", "iso-8859-1", "latin1", "windows-1252", "utf-16be", "ucs-2"}


def kannel_params(raw: bytes) -> dict[str, str]:
    """The get-url's query (or a form body). The text is in the charset Kannel names in
    `charset` (%C; UTF-8 unless it says otherwise), the other fields in UTF-8: Django's own
    QueryDict would force UTF-8 on the text too."""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    charset = dict(pairs).get("charset", "").strip().lower() or "utf-8"
    if charset == "ucs-2":
        charset = "utf-16be"
    if charset not in KANNEL_CHARSETS:
        raise Malformed(f"unknown charset {charset!r}", field="charset")
    params: dict[str, str] = {}
    for key, value in pairs:
        name = key.encode("latin-1").decode("utf-8", "replace")
        encoding = charset if name == "text" else "utf-8"
        try:
            params[name] = value.encode("latin-1").decode(encoding)
        except UnicodeDecodeError as exc:
            raise Malformed(f"`{name}` is not valid {encoding}", field=name) from exc
    return params


def from_kannel(params: Mapping[str, str], headers: Mapping[str, str], body: bytes = b"") -> Sms:
    """get-url: `from=%p&text=%a&id=%I…` in the query. post-url: the text is the body and the
    sender the X-Kannel-From header; `id=%I` may still be in the URL."""
    if headers.get("X-Kannel-From"):
        sender = headers["X-Kannel-From"]
        charset = _charset_of(headers.get("Content-Type", "")) or "utf-8"
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise Malformed(f"the body is not valid {charset}", field="text") from exc
    else:
        sender = params.get("from", "")
        if "text" not in params:
            raise Malformed("`text` (%a) is missing", field="text")
        text = params["text"]
    if not sender.strip():
        raise Malformed("`from` (%p) is missing", field="from")
    return _storable(Sms(sender=sender.strip(), text=text, message_id=params.get("id", "").strip()))


def _charset_of(content_type: str) -> str:
    match = re.search(r"charset=([\w.-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else ""


# --- The generic JSON gateway ------------------------------------------------------------------------


def gateway_secret(account: ChannelAccount) -> str:
    return account.secret("signing_key") or account.secret("secret")


def signature_is_valid(account: ChannelAccount, body: bytes, header: str) -> bool:
    """`header` is `sha256=<hex>` (or the bare hex) of HMAC-SHA256(secret, body), compared in
    constant time."""
    secret = gateway_secret(account)
    if not secret or not header:
        return False
    given = header.strip().removeprefix("sha256=").strip().lower()
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.encode(), expected.encode())


def sign(secret: str, body: bytes) -> str:
    """The header value a gateway sends (and the tests and bench)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def from_gateway(body: bytes) -> list[Sms]:
    """`{"id", "from", "text"}`, or `"parts": [...]` for a long message the gateway did not join,
    or `{"messages": [ ... ]}` for several. Every message is checked before any is handled."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    except RecursionError:
        raise Malformed("the body is not JSON: nested too deeply") from None
    if isinstance(data, dict) and "messages" in data:
        items = data["messages"]
        if not isinstance(items, list) or not items:
            raise Malformed("`messages` must be a non-empty list", field="messages")
    else:
        items = [data]
    return [
        _gateway_message(item, f"messages[{n}]." if len(items) > 1 else "")
        for n, item in enumerate(items)
    ]


def _gateway_message(item: object, where: str) -> Sms:
    if not isinstance(item, dict):
        raise Malformed("a message must be a JSON object", field=where.rstrip(".") or None)
    sender = item.get("from")
    if not isinstance(sender, str) or not sender.strip():
        raise Malformed("`from` is required: the sender's number", field=f"{where}from")
    message_id = item.get("id", "")
    if not isinstance(message_id, (str, int)) or isinstance(message_id, bool):
        raise Malformed("`id` must be a string", field=f"{where}id")
    if not str(message_id).strip():
        raise Malformed("`id` is required: the gateway's message id", field=f"{where}id")
    if "parts" in item:
        parts = item["parts"]
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            raise Malformed("`parts` must be a list of strings", field=f"{where}parts")
        text = "".join(parts)
    else:
        if not isinstance(item.get("text"), str):
            raise Malformed("`text` is required (a string)", field=f"{where}text")
        text = item["text"]
    return _storable(
        Sms(sender=sender.strip(), text=text, message_id=str(message_id).strip()), where
    )


def _storable(sms: Sms, where: str = "") -> Sms:
    """The message, or Malformed naming the field with a NUL byte or a lone surrogate."""
    for name, value in (("from", sms.sender), ("text", sms.text), ("id", sms.message_id)):
        if not storable(value):
            raise Malformed(
                f"`{name}` holds a NUL byte or a lone surrogate", field=f"{where}{name}"
            )
    return sms
