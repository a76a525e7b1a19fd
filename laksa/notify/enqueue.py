"""Writing outbox rows, inside the transaction of the event that causes them (DESIGN.md §6: a
message to a citizen is in the outbox before the action that caused it commits).

`on_event` follows every ReportEvent (reports.events.event_recorded); the worker sends after
commit. A rolled-back action leaves no message behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from laksa.intake.conversations import handle_of
from laksa.intake.models import ChannelAccount, Kind
from laksa.intake.replies import receipt_received
from laksa.lib import clock
from laksa.lib.inserts import insert
from laksa.lib.memo import Memo
from laksa.lib.phone import normalise
from laksa.notify import texts
from laksa.notify.models import (
    Attempt,
    Language,
    Message,
    MessageChannel,
    MessageStatus,
    TemplateKey,
)
from laksa.org.models import Agency
from laksa.reports.models import Channel, EventKind, Report, ReportEvent
from laksa.reports.statuses import Status

SMS_KINDS = (Kind.SMS_GATEWAY, Kind.KANNEL, Kind.GAMMU)
EMAIL_KINDS = (Kind.SMTP,)
CHAT_KINDS: dict[str, tuple[str, ...]] = {
    Channel.WHATSAPP: (Kind.WHATSAPP,),
    Channel.TELEGRAM: (Kind.TELEGRAM,),
    Channel.FACEBOOK: (Kind.MESSENGER,),
    Channel.INSTAGRAM: (Kind.INSTAGRAM,),
    Channel.X: (Kind.X,),
}
"""A chat report's news goes back on its platform: Message.channel is the report's channel
(texts.py uses the SMS wording for it) and the recipient the citizen's handle there."""


def kinds_for(channel: str) -> tuple[str, ...]:
    if channel == MessageChannel.SMS:
        return SMS_KINDS
    return CHAT_KINDS.get(channel, EMAIL_KINDS)


NEWS_OF_STATUS: dict[str, str] = {
    Status.DONE: TemplateKey.DONE,
    Status.REJECTED: TemplateKey.REJECTED,
    Status.REFERRED: TemplateKey.REFERRED,
    Status.DUPLICATE: TemplateKey.DUPLICATE,
}


@dataclass(frozen=True)
class Address:
    channel: str
    recipient: str


def template_for(event: ReportEvent) -> str | None:
    """Which message an event sends the reporter, if any. The citizen's own steps (confirm,
    dispute, rate), internal notes and work progress send nothing."""
    kind, to = event.kind, event.to_status
    if kind == EventKind.CREATED:
        return TemplateKey.ACKNOWLEDGED
    if kind == EventKind.ROUTED:
        # A re-routing after the first verification is the LIVE Room's business, not news.
        return None if (event.data or {}).get("rerouted") else TemplateKey.VERIFIED
    if kind == EventKind.REPLY:
        return TemplateKey.REPLY
    if kind != EventKind.STATUS:
        return None
    if to == Status.DISPATCHED and event.from_status == Status.VERIFIED:
        return TemplateKey.DISPATCHED
    return NEWS_OF_STATUS.get(to)


def address_of(report: Report) -> Address | None:
    """Where the reporter hears back: by SMS when the report came by SMS or left a phone number,
    by e-mail when the report came by e-mail or left only an address."""
    contact = report.contact
    if contact is None:
        return None
    if report.channel in CHAT_KINDS:
        found = handle_of(report)
        if found is not None:
            return Address(report.channel, found[1])
    phone = normalise(contact.phone)
    email = (contact.email or "").strip()
    if report.channel == Channel.EMAIL and email:
        return Address(MessageChannel.EMAIL, email)
    if phone:
        return Address(MessageChannel.SMS, phone)
    if email:
        return Address(MessageChannel.EMAIL, email)
    return None


def account_for(
    jurisdiction_id: int, channel: str, *, prefer: str = "", remembered: bool = False
) -> ChannelAccount | None:
    """The city's active account that sends on the channel: the one named `prefer` (the account
    the report came through) if it can send, else the oldest. No SMTP account means Django's
    EMAIL_* settings; no SMS account means the message waits. `remembered`: from the accounts
    the process remembers (queueing a message, which the outbox checks again when it sends)."""
    kinds = kinds_for(channel)
    if remembered:
        accounts = [a for a in sending_accounts(jurisdiction_id) if a.kind in kinds]
    else:
        accounts = list(
            ChannelAccount.objects.filter(
                jurisdiction_id=jurisdiction_id, active=True, kind__in=kinds
            ).order_by("id")
        )
    if prefer:
        named = [a for a in accounts if a.name == prefer]
        if named:
            return named[0]
    return accounts[0] if accounts else None


_accounts: Memo[list[ChannelAccount]] = Memo("sending_accounts", (ChannelAccount,))


def sending_accounts(jurisdiction_id: int) -> list[ChannelAccount]:
    """The city's active accounts, oldest first, as the process remembers them (laksa.lib.memo):
    every message queued asks. Shared by the process's threads: read them, never change them."""
    return _accounts.get(
        jurisdiction_id,
        lambda: list(
            ChannelAccount.objects.filter(jurisdiction_id=jurisdiction_id, active=True).order_by(
                "id"
            )
        ),
    )


def came_through(report: Report) -> str:
    """The name of the account a report came in through: intake keys an SMS or e-mail report
    `<account>:<provider message id>` (intake.inbound.Inbound.idempotency_key)."""
    known = (Channel.SMS, Channel.EMAIL, *CHAT_KINDS)
    if report.channel not in known or not report.idempotency_key:
        return ""
    name, sep, _rest = report.idempotency_key.partition(":")
    return name if sep else ""


def language_of(report: Report, key: str) -> str:
    """The reporter's language: the one they reported in (the acknowledgement's), else Indonesian."""
    if key == TemplateKey.ACKNOWLEDGED:
        return Language.EN if (translation.get_language() or "").startswith("en") else Language.ID
    first = (
        Message.objects.filter(report=report, template_key=TemplateKey.ACKNOWLEDGED)
        .values_list("language", flat=True)
        .first()
    )
    return first or Language.ID


def private_link(report: Report) -> str:
    path = reverse("public:track_private", kwargs={"code": report.code, "secret": report.secret})
    return settings.LAKSA_BASE_URL + path


def public_link(code: str) -> str:
    return settings.LAKSA_BASE_URL + reverse("public:track", kwargs={"code": code})


def values_for(report: Report, event: ReportEvent | None) -> dict[str, str]:
    agency = report.agency
    values = {
        "code": report.code,
        "link": private_link(report),
        "track": public_link(report.code),
        "city": report.jurisdiction.name,
        "agency": (agency.abbreviation or agency.name) if agency else "",
        "reason": "",
        "text": "",
        "where": "",
        "into": "",
        "into_track": "",
    }
    if event is None:
        return values
    data = event.data or {}
    if event.kind == EventKind.REPLY:
        values["text"] = event.public_note
    elif event.to_status == Status.REJECTED:
        values["reason"] = event.public_note
    elif event.to_status == Status.REFERRED:
        to = Agency.objects.filter(
            jurisdiction_id=report.jurisdiction_id, code=data.get("referred_to", "")
        ).first()
        values["where"] = (to.name if to else "") or data.get("referred_to", "")
        values["reason"] = event.public_note
    elif event.to_status == Status.DUPLICATE:
        values["into"] = data.get("into", "")
        values["into_track"] = public_link(values["into"]) if values["into"] else ""
    return values


def queue_message(
    report: Report,
    key: str,
    *,
    event: ReportEvent | None = None,
    address: Address | None = None,
    now: datetime | None = None,
) -> Message | None:
    """Write one message to the reporter in the caller's transaction; None without a contact."""
    address = address or address_of(report)
    if address is None:
        return None
    now = now or clock.now()
    language = language_of(report, key)
    text = texts.render(
        key,
        address.channel,
        language,
        values_for(report, event),
        jurisdiction_id=report.jurisdiction_id,
    )
    return insert(
        Message(
            jurisdiction_id=report.jurisdiction_id,
            report=report,
            channel=address.channel,
            account=account_for(
                report.jurisdiction_id,
                address.channel,
                prefer=came_through(report),
                remembered=True,
            ),
            recipient=address.recipient,
            template_key=key,
            language=language,
            subject=text.subject,
            body=text.body,
            next_attempt_at=now,
            created_at=now,
        )
    )


def on_event(sender: Any, event: ReportEvent, **kwargs: Any) -> None:
    """event_recorded's receiver: queue the reporter's message for this event, if it has one."""
    key = template_for(event)
    if key is None:
        return
    report = event.report
    if report.contact_id is None:
        return
    now = clock.now()
    max_age = timedelta(hours=getattr(settings, "LAKSA_NOTIFY_MAX_AGE_HOURS", 24))
    if event.created_at and event.created_at < now - max_age:
        # History written after the fact (an import, the demo's replay) is no news to anyone.
        return
    queue_message(report, key, event=event, now=now)


REPLY_KEYS = {
    "info": TemplateKey.INFO,
    "not_understood": TemplateKey.NOT_UNDERSTOOD,
    "guestbook_thanks": TemplateKey.GUESTBOOK_THANKS,
    "welcome": TemplateKey.WELCOME,
    "ask_what": TemplateKey.ASK_WHAT,
    "ask_where": TemplateKey.ASK_WHERE,
    "ask_photo": TemplateKey.ASK_PHOTO,
    "slow_down": TemplateKey.SLOW_DOWN,
}


def on_reply_wanted(
    sender: Any,
    account: ChannelAccount,
    to: str,
    key: str,
    values: dict[str, str],
    report: Report | None = None,
    **kwargs: Any,
) -> None:
    """intake.replies.reply_wanted's receiver: queue the answer to a sender (INFO, STATUS, a
    message not understood) in the receiving transaction, back through the account it came in by
    when that account can send."""
    if key == "status":
        if not values.get("found") or report is None:
            key = TemplateKey.STATUS_UNKNOWN
        elif values.get("owner"):
            key = TemplateKey.STATUS_OWNER  # the sender is the reporter: their private link
        else:
            key = TemplateKey.STATUS
    else:
        key = REPLY_KEYS.get(key, "")
    channel = account.channel
    recipient = normalise(to) if channel == MessageChannel.SMS else (to or "").strip()
    if not key or not recipient:
        return
    can_send = account.kind in kinds_for(channel)
    sending = (
        account if can_send and account.active else account_for(account.jurisdiction_id, channel)
    )
    filled = {
        "city": account.jurisdiction.name,
        "site": settings.LAKSA_BASE_URL + "/",
        "code": values.get("code", ""),
        "problems": values.get("problems", ""),
        "status_label": values.get("status_label", ""),
        "track": public_link(values["code"]) if values.get("code") else "",
        "link": private_link(report)
        if report is not None and key == TemplateKey.STATUS_OWNER
        else "",
    }
    now = clock.now()
    language = Language.EN if values.get("language") == Language.EN else Language.ID
    text = texts.render(key, channel, language, filled, jurisdiction_id=account.jurisdiction_id)
    Message.objects.create(
        jurisdiction_id=account.jurisdiction_id,
        report=report,
        channel=channel,
        account=sending,
        recipient=recipient,
        template_key=key,
        language=language,
        subject=text.subject,
        body=text.body,
        next_attempt_at=now,
        created_at=now,
    )


def on_receipt(
    sender: Any,
    account: ChannelAccount,
    provider_message_id: str,
    status: str,
    at: datetime | None = None,
    error: str = "",
    **kwargs: Any,
) -> None:
    """intake.replies.receipt_received's receiver: the provider's receipt (sent, delivered, read,
    failed) noted in the message's attempt log; a failed one fails the message. A receipt already
    noted (the same status at the same time: the provider's retry of its webhook) is left out."""
    message = Message.objects.filter(
        account=account, provider_message_id=provider_message_id
    ).first()
    if message is None or not provider_message_id:
        return
    failed = status == "failed"
    note = (f"receipt: {status}" + (f" ({error})" if error else ""))[:500]
    noted = Attempt.objects.filter(message=message, error=note)
    # Without the provider's time a retry cannot be told from a second receipt of the same
    # status, which says nothing new either.
    if (noted.filter(at=at) if at is not None else noted).exists():
        return
    Attempt.objects.create(message=message, at=at or clock.now(), ok=not failed, error=note)
    if failed:
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, last_error=note)


receipt_received.connect(on_receipt, dispatch_uid="notify.receipt")
