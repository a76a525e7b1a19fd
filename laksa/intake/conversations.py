"""Chat conversations: the pieces one citizen sends a chat account (text, then a photo, then a
location pin) gathered into one report.

Every chat adapter (whatsapp/, telegram/, ...) reads a platform message into a `Piece` and calls
`take`. One open conversation per (account, handle) lives for WINDOW since its last piece; when
it has what and where (a point, or a kelurahan/kecamatan named in the text) it becomes a report
through intake.receive, keyed by the first piece's id; until then the citizen is asked only for
what is missing (what, where, then a photo if the category wants one, asked once). A citizen who
stops answering loses nothing: `settle` makes the report of a conversation quiet for SETTLE (the
LIVE Room places it if it has no place). A piece that names a report code, or comes within the
window after the report was made, is a citizen note on that report. The acknowledgement with the
code is notify's, on the report's creation event. More than BURST pieces a minute from one sender
are kept but not acted on. Handles are private: they live on intake rows and ContactHandle only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from laksa.intake.categories import guessed_category
from laksa.intake.errors import Rejected
from laksa.intake.inbound import Inbound
from laksa.intake.models import (
    ChannelAccount,
    ContactHandle,
    Conversation,
    ConversationPhoto,
    ConversationPiece,
    ConversationState,
)
from laksa.intake.places import named_area
from laksa.intake.receive import receive
from laksa.intake.replies import ask_reply
from laksa.intake.sms.keywords import clean
from laksa.lib import clock, prepared
from laksa.lib.images import ProcessedImage
from laksa.lib.inserts import insert
from laksa.lib.phone import normalise
from laksa.reports.actions import MAX_DESCRIPTION, ContactInput, add_citizen_message
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Report

WINDOW = timedelta(minutes=30)
"""A conversation stays open this long after its last piece."""
SETTLE = timedelta(minutes=10)
"""A conversation with a description and no new piece for this long becomes a report anyway."""
BURST = 20
BURST_WINDOW = timedelta(minutes=1)
"""More pieces than BURST from one sender within BURST_WINDOW are kept, answered once with
"slow down", and not acted on: a stuck client or a flood cannot fill a report or the outbox."""
MAX_ID = 150
NO_PHOTO = re.compile(r"^\s*(tidak|tdk|gak|ga|nggak|enggak|no|none|skip|tidak ada)\b", re.I)
"""An answer to the photo question that means "I have none"."""

_CODE = re.compile(r"\b([A-Za-z]{2,10})[\s\-_./:]*(\d{4})[\s\-_./:]*(\d{1,6})\b")
_STATUS = re.compile(r"^\s*/?status\b", re.IGNORECASE)


@dataclass(frozen=True)
class Piece:
    """One chat message as its platform's adapter read it."""

    handle: str
    """The sender's id on the platform (wa_id, Telegram chat id, ...)."""
    message_id: str
    """The platform's message id: a retry is the same piece."""
    text: str = ""
    photos: tuple[ProcessedImage, ...] = ()
    point: tuple[float, float] | None = None
    name: str = ""
    """Display name, if the platform gives one."""
    phone: str = ""
    """A phone number, if the platform gives one (WhatsApp's wa_id is one)."""
    language: str = ""
    """"en" when the citizen writes English (an adapter may leave it empty)."""


@dataclass(frozen=True)
class Taken:
    kind: str
    """report (created now), asked (waiting for more), added (a note on an existing report),
    status (a status answered), ignored (a retry, or nothing to use), limited (a burst)."""
    report: Report | None = None
    conversation: Conversation | None = field(default=None, compare=False, repr=False)
    """The conversation the piece was gathered into, when `take` knows it without a query."""


def take(account: ChannelAccount, piece: Piece, *, now: datetime | None = None) -> Taken:
    """Add the piece to its sender's conversation and do what it makes possible, in one
    transaction with the replies it asks for. The same (account, message id) again is a no-op."""
    now = now or clock.now()
    message_id = piece.message_id.strip()[:MAX_ID]
    handle = piece.handle.strip()[:100]
    if not message_id or not handle:
        return Taken("ignored")
    # No savepoint inside a caller's transaction (the inbox's row): an error rolls the whole
    # row back for its next try, and a savepoint was two statements more a message.
    with transaction.atomic(savepoint=False):
        since = connection.ops.adapt_datetimefield_value(now - BURST_WINDOW)
        with prepared.cursor() as cursor:
            cursor.execute(_SEEN_AND_RECENT, [account.pk, message_id, account.pk, handle, since])
            seen, recent = cursor.fetchone()
        if seen is not None:
            return Taken("ignored", Report.objects.get(pk=seen) if seen else None)
        if recent >= BURST:
            if recent == BURST:
                ask_reply(account, to=handle, key="slow_down", values=_language(piece))
            taken = Taken("limited")
        else:
            taken = _take(account, piece, handle, message_id, now)
        conversation = None
        if taken.kind in ("report", "asked", "added"):
            conversation = taken.conversation or (
                Conversation.objects.filter(account=account, handle=handle)
                .order_by("-updated_at", "-id")
                .first()
            )
        insert(
            ConversationPiece(
                account=account,
                message_id=message_id,
                handle=handle,
                conversation=conversation,
                outcome=taken.kind,
                kinds=kinds_of(piece),
                report=taken.report,
                received_at=now,
            )
        )
        return taken


def _seen_and_recent_sql() -> str:
    """What every message asks of its sender's pieces, in one statement written once: whether
    this piece came before (and its report), and how many pieces came this minute (building the
    queries each time was a tenth of a chat message's drain, docs/performance.md; two statements
    were a round trip more)."""
    q = connection.ops.quote_name
    pieces = q(ConversationPiece._meta.db_table)
    return (
        # the first column: None when the piece is new, else its report's id or 0 (none)
        f"SELECT (SELECT COALESCE({q('report_id')}, 0) FROM {pieces} "  # noqa: S608
        f"WHERE {q('account_id')} = %s AND {q('message_id')} = %s LIMIT 1), "
        f"(SELECT COUNT(*) FROM {pieces} WHERE {q('account_id')} = %s AND {q('handle')} = %s "
        f"AND {q('received_at')} >= %s)"
    )


_q = connection.ops.quote_name
_SEEN_AND_RECENT = _seen_and_recent_sql()

_LATEST = prepared.Reader(
    # The sender's open conversation, locked to this transaction (PostgreSQL; SQLite's writers
    # are serialised already): asked of every message, so written once.
    Conversation,
    f"{_q('account_id')} = %s AND {_q('handle')} = %s AND {_q('updated_at')} >= %s",
    f" ORDER BY {_q('updated_at')} DESC, {_q('id')} DESC LIMIT 1"
    + (" FOR UPDATE" if connection.features.has_select_for_update else ""),
)

PIECE_KINDS = ("text", "photo", "point")


def kinds_of(piece: Piece) -> str:
    """What a piece carried, as the words of PIECE_KINDS."""
    found = (piece.text.strip(), piece.photos, piece.point is not None)
    return " ".join(kind for kind, has in zip(PIECE_KINDS, found, strict=True) if has)


_ENGLISH = {"the", "is", "are", "there", "please", "near", "my", "broken", "street", "road", "in"}
_INDONESIAN = {"di", "yang", "dan", "ada", "tidak", "jalan", "rusak", "mohon", "tolong", "sudah"}
_WORD = re.compile(r"[a-z]+")


def language_of(text: str) -> str:
    """ "en" when the words are plainly English, else "" (Indonesian): the adapters' guess for
    `Piece.language` when the platform says nothing."""
    words = _WORD.findall(text.lower())
    english = sum(w in _ENGLISH for w in words)
    indonesian = sum(w in _INDONESIAN for w in words)
    return "en" if english >= 2 and english > indonesian else ""


def _language(piece: Piece) -> dict[str, str]:
    return {"language": piece.language[:2] or "id"}


def _take(
    account: ChannelAccount, piece: Piece, handle: str, message_id: str, now: datetime
) -> Taken:
    text = clean(piece.text)
    code = _code_in(text)
    if _STATUS.match(text):
        if code:
            return _status(account, handle, piece, code)
        ask_reply(account, to=handle, key="not_understood")
        return Taken("status")
    since = connection.ops.adapt_datetimefield_value(now - WINDOW)
    latest = _LATEST.first([account.pk, handle, since])
    if code:
        report = Report.objects.filter(jurisdiction=account.jurisdiction, code=code).first()
        if report is not None and _is_reporter(account, report, handle, piece):
            return _note(account, report, piece, text, message_id, latest, now)
    if latest is not None and latest.report_id is not None:
        assert latest.report is not None
        return _note(account, latest.report, piece, text, message_id, latest, now)
    fresh = latest is None or latest.state != ConversationState.OPEN
    if fresh:  # written once, with the piece gathered in (_gather saves it)
        latest = Conversation(
            account=account, handle=handle, first_message_id=message_id, started_at=now
        )
    assert latest is not None
    return _gather(account, latest, piece, text, now, fresh=fresh)


def _gather(
    account: ChannelAccount,
    conversation: Conversation,
    piece: Piece,
    text: str,
    now: datetime,
    *,
    fresh: bool = False,
) -> Taken:
    """`fresh`: the conversation was created by this piece, so it has no photos yet (none read)."""
    declined_photo = conversation.asked == "ask_photo" and bool(NO_PHOTO.match(text))
    if text and not declined_photo:
        conversation.text = f"{conversation.text}\n{text}".strip()[:MAX_DESCRIPTION]
    if piece.point is not None:
        conversation.lat, conversation.lng = piece.point
    conversation.name = conversation.name or piece.name.strip()[:120]
    conversation.phone = conversation.phone or normalise(piece.phone)
    if piece.language:
        conversation.language = piece.language[:2]
    stored = 0 if fresh else conversation.photos.count()
    room = settings.LAKSA_PHOTOS_PER_REPORT - stored
    added = list(piece.photos[: max(room, 0)])
    if added and conversation.pk is None:
        _store(conversation)  # the photos' rows point at it
    for photo in added:
        ConversationPhoto.objects.create(
            conversation=conversation,
            display=photo.display,
            thumbnail=photo.thumbnail,
            width=photo.width,
            height=photo.height,
            sha256=photo.sha256,
            dhash=photo.dhash,
            taken_at=photo.taken_at,
            gps_lat=photo.gps[0] if photo.gps else None,
            gps_lng=photo.gps[1] if photo.gps else None,
        )
    conversation.updated_at = now
    # A fresh conversation has the photos just added and no other: none is a list known without
    # a query; a photo is read back from its row, as the report's photo is made from the row.
    known: list[ProcessedImage] | None = [] if fresh and not added else None
    missing = _missing(account, conversation, has_photo=bool(added) if fresh else None)
    if missing == "ask_photo" and conversation.asked == "ask_photo":
        missing = ""  # asked once: whatever the citizen sends next, the report is made
    if missing:
        if conversation.asked != missing:
            conversation.asked = missing
            _ask(account, conversation, missing)
        _store(conversation)
        return Taken("asked", conversation=conversation)
    taken = _report(account, conversation, now, photos=known)  # it stores the conversation
    return Taken(taken.kind, taken.report, conversation=conversation)


def _store(conversation: Conversation) -> None:
    """A new conversation inserted by the statement written once (lib.inserts), else saved."""
    if conversation.pk is None:
        insert(conversation)
    else:
        conversation.save()


def _missing(
    account: ChannelAccount, conversation: Conversation, *, has_photo: bool | None = None
) -> str:
    """The ask_* key of what the report still needs, or "" when it has enough. `has_photo`:
    whether the conversation has a photo, when the caller knows it (else it is read)."""
    if not conversation.text.strip():
        return "ask_what"
    if conversation.lat is None and named_area(account.jurisdiction, conversation.text) is None:
        return "ask_where"
    if _wants_photo(account, conversation) and not (
        conversation.photos.exists() if has_photo is None else has_photo
    ):
        return "ask_photo"
    return ""


def _wants_photo(account: ChannelAccount, conversation: Conversation) -> bool:
    """The category the text will be filed under asks for a photo; an emergency never waits."""
    category = guessed_category(account.jurisdiction, conversation.text)
    return bool(category and category.photo_wanted and not category.emergency)


def settle(*, now: datetime | None = None, limit: int = 200) -> int:
    """Make the report of every open conversation that has a description and has been quiet for
    SETTLE: a citizen who never answered "where?" or "a photo?" is not lost (without a place the
    report waits in the LIVE Room's "needs a place" list). Returns how many reports were made."""
    now = now or clock.now()
    made = 0
    quiet = Conversation.objects.filter(
        state=ConversationState.OPEN, report__isnull=True, updated_at__lt=now - SETTLE
    ).exclude(text="")
    for pk in list(quiet.order_by("updated_at").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update()
                .select_related("account__jurisdiction")
                .filter(pk=pk, state=ConversationState.OPEN, report__isnull=True)
                .first()
            )
            if conversation is None or not conversation.account.active:
                continue
            taken = _report(conversation.account, conversation, now)
            if taken.kind == "report":
                made += 1
            else:
                conversation.state = ConversationState.CLOSED
                conversation.save(update_fields=["state"])
    return made


def _ask(account: ChannelAccount, conversation: Conversation, key: str, problems: str = "") -> None:
    values = {"language": conversation.language or "id"}
    if problems:
        values["problems"] = problems
    ask_reply(account, to=conversation.handle, key=key, values=values)


def _report(
    account: ChannelAccount,
    conversation: Conversation,
    now: datetime,
    *,
    photos: list[ProcessedImage] | None = None,
) -> Taken:
    """Make the conversation's report and store the conversation with it: a new one is
    inserted once, its report named (one statement, not an INSERT and then an UPDATE).
    `photos`: the conversation's photos when the caller has them all in hand (else read)."""
    inbound = Inbound(
        channel=account.channel,
        text=conversation.text,
        account=account.name,
        message_id=conversation.first_message_id,
        sender=conversation.phone or conversation.handle,
        photos=_stored_photos(conversation) if photos is None else photos,
        lat=conversation.lat,
        lng=conversation.lng,
        # A platform with no phone (Telegram) still needs a contact for the answers to reach it.
        contact=ContactInput(
            name=conversation.name or account.channel.capitalize(), phone=conversation.phone
        ),
        received_at=now,
    )
    try:
        # The acknowledgement notify writes on the creation event is in the citizen's language.
        with translation.override(conversation.language or "id"), _in_hand(account, conversation):
            received = receive(inbound, jurisdiction=account.jurisdiction, now=now)
    except Rejected as exc:
        _store(conversation)
        _ask(account, conversation, "not_understood", " ".join(p.message for p in exc.problems))
        return Taken("asked")
    report = received.report
    conversation.report = report
    conversation.state = ConversationState.REPORTED
    _store(conversation)
    if report.contact_id is not None:
        # The handle's first contact stays (get_or_create's meaning), in one statement:
        # INSERT … ON CONFLICT DO NOTHING (PostgreSQL), INSERT OR IGNORE (SQLite).
        ContactHandle.objects.bulk_create(
            [
                ContactHandle(
                    channel=account.channel,
                    handle=conversation.handle,
                    contact_id=report.contact_id,
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
    return Taken("report", report, conversation=conversation)


def _stored_photos(conversation: Conversation) -> list[ProcessedImage]:
    return [
        ProcessedImage(
            display=bytes(p.display),
            thumbnail=bytes(p.thumbnail),
            width=p.width,
            height=p.height,
            sha256=p.sha256,
            dhash=p.dhash,
            taken_at=p.taken_at,
            gps=(p.gps_lat, p.gps_lng) if p.gps_lat is not None and p.gps_lng is not None else None,
        )
        for p in conversation.photos.all()
    ]


_reporting: ContextVar[tuple[ChannelAccount, Conversation] | None] = ContextVar(
    "conversation_reporting", default=None
)


@contextmanager
def _in_hand(account: ChannelAccount, conversation: Conversation) -> Iterator[None]:
    """While the conversation's report is created, `handle_of` (notify's acknowledgement, in the
    same transaction) finds the conversation without reading it again."""
    token = _reporting.set((account, conversation))
    try:
        yield
    finally:
        _reporting.reset(token)


def _note(
    account: ChannelAccount,
    report: Report,
    piece: Piece,
    text: str,
    message_id: str,
    conversation: Conversation | None,
    now: datetime,
) -> Taken:
    if piece.point is not None and not text:
        text = f"Lokasi: {piece.point[0]:.6f}, {piece.point[1]:.6f}"
    try:
        add_citizen_message(
            report,
            text=text,
            channel=account.channel,
            message_id=f"{account.name}:{message_id}",
            photos=piece.photos,
            now=now,
        )
    except InvalidInput:
        return Taken("ignored", report)
    if conversation is not None and conversation.report_id == report.pk:
        conversation.updated_at = now
        conversation.save(update_fields=["updated_at"])
    return Taken("added", report)


def _status(account: ChannelAccount, handle: str, piece: Piece, code: str) -> Taken:
    """The status of the report with that code, as an SMS STATUS answers it: a report that is not
    public is "not found" to anyone but its reporter."""
    report = (
        Report.objects.filter(jurisdiction=account.jurisdiction, code=code)
        .select_related("contact", "category")
        .first()
    )
    owner = bool(report and _is_reporter(account, report, handle, piece))
    if report is None or not (report.public or owner):
        values = {"code": code, "found": "", "status": "", "status_label": "", "owner": ""}
        ask_reply(account, to=handle, key="status", values=values)
        return Taken("status")
    with translation.override("id"):
        label = str(report.get_status_display())
    values = {
        "code": report.code,
        "found": "1",
        "status": str(report.status),
        "status_label": label,
        "owner": "1" if owner else "",
    }
    ask_reply(account, to=handle, key="status", values=values, report=report)
    return Taken("status", report)


def pieces_of(report: Report) -> list[ConversationPiece]:
    """The chat messages a report was gathered from, and those added to it since, in order."""
    return list(
        ConversationPiece.objects.filter(conversation__report=report).order_by("received_at", "id")
    )


def _code_in(text: str) -> str:
    match = _CODE.search(text)
    if match is None:
        return ""
    prefix, period, number = match.groups()
    return f"{prefix.upper()}-{period}-{int(number):05d}"


def _is_reporter(account: ChannelAccount, report: Report, handle: str, piece: Piece) -> bool:
    """The handle (or the phone the platform gives) belongs to the report's private contact."""
    if report.contact_id is None:
        return False
    if ContactHandle.objects.filter(
        channel=account.channel, handle=handle, contact_id=report.contact_id
    ).exists():
        return True
    phone = normalise(piece.phone)
    return bool(phone and report.contact and normalise(report.contact.phone) == phone)


def handle_of(report: Report) -> tuple[ChannelAccount, str] | None:
    """The chat account a report came through and the citizen's handle on it (notify sends the
    report's news there): the conversation keyed by the report's idempotency key."""
    name, sep, first = (report.idempotency_key or "").partition(":")
    if not sep:
        return None
    held = _reporting.get()
    if held is not None:
        account, in_hand = held
        if (
            account.jurisdiction_id == report.jurisdiction_id
            and account.name == name
            and in_hand.first_message_id == first
        ):  # a new conversation is stored once its report is made, just after this
            return account, in_hand.handle
    conversation = (
        Conversation.objects.filter(
            account__jurisdiction_id=report.jurisdiction_id,
            account__name=name,
            first_message_id=first,
        )
        .select_related("account")
        .first()
    )
    if conversation is None:
        return None
    return conversation.account, conversation.handle
