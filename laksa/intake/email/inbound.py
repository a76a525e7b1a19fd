"""E-mail in. A message, as an IMAP mailbox holds it (RFC 822) or as Mailgun's route posts it (a
form), is read into a `Mail`; Mailgun's signature is checked here too. `accept` then makes the
mail a new report, or, when its subject names a report whose stored contact is the sender, a
follow-up message on that report (reports.actions.add_citizen_message)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.utils import parseaddr
from html.parser import HTMLParser
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from laksa.intake.inbound import Inbound
from laksa.intake.models import ChannelAccount
from laksa.intake.receive import receive
from laksa.lib import clock
from laksa.lib.images import ImageRejected, ProcessedImage, process_image
from laksa.org.models import Jurisdiction
from laksa.reports.actions import MAX_DESCRIPTION, add_citizen_message
from laksa.reports.models import Channel, Report
from laksa.reports.public_text import for_public

log = logging.getLogger(__name__)

MAILGUN_MAX_AGE = timedelta(minutes=15)
"""A Mailgun post signed longer ago than this (or this far ahead) is refused: a captured
signature cannot be replayed later."""


@dataclass(frozen=True)
class Mail:
    """One e-mail as read, not yet trusted."""

    message_id: str
    """The Message-ID without its angle brackets; a hash of the message when it has none."""
    sender: str
    sender_name: str
    subject: str
    body: str
    """The new text only: the quoted message it answers and the signature are cut off."""
    closing: str = ""
    """The closing greeting and the signature under it, cut from `body` (`split_reply`): kept
    for staff, never in a public description."""
    photos: tuple[ProcessedImage, ...] = ()
    automatic: bool = False
    """An auto-reply, a bounce or a bulk mailing: never a report (an out-of-office answer to our
    acknowledgement would otherwise start a loop)."""
    skipped: tuple[str, ...] = ()
    """Attachments not used as photos, with why: for the log."""

    def report_text(self) -> str:
        """The description of a new report: the subject (without Re:/Fwd:) and the body."""
        subject = plain_subject(self.subject)
        if not subject or self.body.startswith(subject):
            text = self.body
        elif not self.body:
            text = subject
        else:
            text = f"{subject}\n\n{self.body}"
        return _cut(text)

    def closing_note(self) -> str:
        """The cut closing for the LIVE Room, in the creation event's internal note; "" when
        nothing was cut. Its phone numbers and addresses are masked as for the public: internal
        notes reach field crews, and the sender's own address is the report's contact already."""
        lines = [
            for_public(" ".join(line.split())) for line in self.closing.splitlines() if line.strip()
        ]
        if not lines:
            return ""
        return str(
            _("Penutup surel, tidak dimasukkan ke uraian: %(lines)s") % {"lines": " / ".join(lines)}
        )

    def whole_text(self) -> str:
        """The text with its closing: a follow-up is for staff only, so nothing is cut from it."""
        return _cut("\n\n".join(filter(None, [self.body, self.closing])))


CONTENT_FIELDS = frozenset({"description", "photos", "contact.email"})
"""Problems (intake.errors.Problem.field) of the mail itself: reading it again cannot help. Any
other problem (no catch-all category yet) is the city's to fix, and the mail should come again."""


class Malformed(ValueError):
    """A post that is not a readable inbound mail; `field` names what is wrong."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SignatureRefused(Exception):
    """A Mailgun post without a valid, fresh, unused signature (401 missing, 403 wrong)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# --- reading an RFC 822 message ----------------------------------------------------------------


def parse_message(raw: bytes) -> Mail:
    """Read one message as a mailbox stores it: sender, subject, the text, image attachments."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    sender_name, sender = parseaddr(_header(message, "From"))
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = _content(body_part)
        if body_part.get_content_subtype() == "html":
            content = html_to_text(content)
        body, closing = split_reply(content)
    photos, skipped = _photos(
        _image_parts(message, body_part), name_of=lambda part: part.get_filename() or ""
    )
    headers = {name.lower(): str(value) for name, value in message.items()}
    return Mail(
        message_id=_message_id(_header(message, "Message-ID"), raw),
        sender=sender.strip(),
        sender_name=sender_name.strip(),
        subject=_one_line(_header(message, "Subject")),
        body=body,
        closing=closing,
        photos=photos,
        automatic=is_automatic(headers, sender, message.get_content_type()),
        skipped=skipped,
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, IndexError, TypeError):
        # A header so broken the parser cannot decode it: as if it were absent.
        return ""


def _content(part: MIMEPart) -> str:
    try:
        return str(part.get_content())
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""


def _image_parts(message: EmailMessage, body_part: Any) -> list[EmailMessage]:
    found = []
    for part in message.walk():
        if part.is_multipart() or part is body_part:
            continue
        found.append(part)
    return found


def _photos(
    parts: Iterable[Any], *, name_of: Callable[[Any], str]
) -> tuple[tuple[ProcessedImage, ...], tuple[str, ...]]:
    """Every image part through the photo pipeline, up to the per-report limit; what is not an
    image, too large or unreadable is skipped (a signature logo, a PDF), never refused whole."""
    limit = settings.LAKSA_PHOTOS_PER_REPORT
    max_bytes = settings.LAKSA_PHOTO_MAX_BYTES
    photos: list[ProcessedImage] = []
    skipped: list[str] = []
    for part in parts:
        name = name_of(part) or "?"
        content_type = _content_type(part)
        if not content_type.startswith("image/"):
            if _is_attachment(part):
                skipped.append(f"{name}: {content_type}")
            continue
        if len(photos) >= limit:
            skipped.append(f"{name}: more than {limit} photos")
            continue
        stream, size = _bytes_of(part, max_bytes)
        if stream is None:
            skipped.append(f"{name}: larger than {max_bytes} bytes")
            continue
        try:
            photos.append(
                process_image(
                    stream,
                    size=size,
                    max_bytes=max_bytes,
                    max_pixels=settings.LAKSA_PHOTO_MAX_PIXELS,
                )
            )
        except ImageRejected as exc:
            skipped.append(f"{name}: {exc}")
    return tuple(photos), tuple(skipped)


def _content_type(part: Any) -> str:
    if isinstance(part, EmailMessage):
        return part.get_content_type()
    return str(getattr(part, "content_type", "") or "").split(";")[0].strip().lower()


def _is_attachment(part: Any) -> bool:
    if isinstance(part, EmailMessage):
        return part.is_attachment()
    return True  # a Mailgun attachment-N field


def _bytes_of(part: Any, max_bytes: int) -> tuple[IO[bytes] | None, int]:
    """The part's bytes as a stream, or None when it is larger than `max_bytes` (checked on the
    encoded size first, so a huge attachment is never decoded)."""
    if isinstance(part, EmailMessage):
        encoded = part.get_payload()
        if isinstance(encoded, str) and len(encoded) * 3 // 4 > max_bytes + 1024:
            return None, 0
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        if len(data) > max_bytes:
            return None, 0
        return BytesIO(data), len(data)
    size = int(getattr(part, "size", 0) or 0)
    if size > max_bytes:
        return None, 0
    return part, size


def _message_id(value: str, raw: bytes) -> str:
    value = value.strip().strip("<>").strip()
    if value:
        return value[:190]
    # No Message-ID (rare, but legal): the message's own bytes are the same on every re-read.
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:250]


def _cut(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


# --- automatic mail ----------------------------------------------------------------------------

_BULK = {"bulk", "junk", "list", "auto_reply"}
_ROBOTS = {"mailer-daemon", "postmaster", "noreply", "no-reply"}


def is_automatic(headers: Mapping[str, str], sender: str, content_type: str = "") -> bool:
    """An auto-reply (RFC 3834 Auto-Submitted), a delivery report, a bulk or list mailing, or a
    mail from a robot address: `headers` is keyed by lower-case name."""
    if headers.get("auto-submitted", "no").strip().lower() not in ("", "no"):
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if headers.get("precedence", "").strip().lower() in _BULK:
        return True
    if content_type == "multipart/report":
        return True
    local = sender.split("@", 1)[0].strip().lower()
    return not sender.strip() or local in _ROBOTS


# --- the text ------------------------------------------------------------------------------------

_RE_PREFIX = re.compile(r"^\s*((re|fw|fwd|bls|balas|tr|aw|wg)\s*(\[\d+\])?\s*:\s*)+", re.I)
_REPLY_HEADER = re.compile(
    r"^\s*(on\b.*\bwrote:|pada\b.*\bmenulis:|le\b.*\ba écrit\s*:|"
    r"-{2,}\s*(original message|pesan asli)\s*-{2,}|_{20,})\s*$",
    re.I,
)
_HEADER_BLOCK = re.compile(r"^\s*\*?(from|dari)\s*:\*?\s", re.I)
_HEADER_NEXT = re.compile(r"^\s*\*?(sent|date|tanggal|dikirim|to|kepada)\s*:", re.I)
_SIGNATURE = re.compile(
    r"^\s*(--\s*|sent from my\b.*|dikirim dari\b.*|get outlook for\b.*|"
    r"sent from (mail|yahoo|outlook)\b.*)$",
    re.I,
)


_CLOSING = re.compile(
    r"^\s*(salam(\s+hormat)?|hormat\s+(saya|kami)|wassalam\S*(\s+wr\.?\s*wb\.?)?|"
    r"terima\s*kasih(\s+(banyak|sebelumnya|atas\b.{0,40}))?|makasih|"
    r"((best|kind|warm)\s+)?regards|thanks(\s+(a\s+lot|again))?|thank\s+you|cheers)[\s,.!]*$",
    re.I,
)
"""A line that is only a closing greeting: "Salam,", "Hormat saya,", "Terima kasih atas
perhatiannya.", "Best regards,"."""
_CLOSING_LINES = 5
"""At most this many lines under a closing greeting are a signature; more is the person still
writing."""
_STILL_WRITING = re.compile(
    r"^\s*(n\.?\s?b\b|p\.?\s?s\b|lokasi\b|alamat\b|catatan\b"
    r"|jl\b|jln\b|jalan\b|gg\b|gang\b|perum\b|perumahan\b|blok\b|komplek\b|kompleks\b"
    r"|di\b|depan\b|dekat\b|belakang\b|samping\b|seberang\b|kel\b|kelurahan\b|kec\b"
    r"|kecamatan\b|rt\b|rw\b)",
    re.I,
)
"""A line under a greeting that is the reporter adding something ("NB: tiang nomor 12",
"P.S.", "Lokasi: ...", "Alamat: ...", "Catatan: ...") or naming a place ("Di Jalan Sudirman",
"Perumahan Banjar Wijaya Blok B", "Gang Kelinci"): never a signature."""
_SIGNATURE_PHONE = re.compile(
    r"^\s*((hp|telp|tel|telepon|no\.?\s*(hp|telp|tel|wa)|wa|whatsapp|ponsel|phone|mobile|"
    r"fax|faks)\.?\s*[:.]?\s*)?(\+|\(?0|62|8)[\d\s().\-/]+$",
    re.I,
)
"""A phone number, labelled or not; it starts as one does (+, 0, (0, 62, 8), which a
coordinate ("-6.1751 106.6251") or a list of pole numbers does not."""
_SIGNATURE_EMAIL = re.compile(r"^\s*((e-?mail|surel)\s*:?\s*)?[\w.+-]+@[\w-]+(\.[\w-]+)+\s*$", re.I)
_SIGNATURE_NAME = re.compile(r"^\(?[^\W\d_]+(?:[ .,'\u2019&()/-]+[^\W\d_]+)*[ .,'\u2019&()/-]*$")
"""A name, a title or an organisation: letters, spaces and the marks between them, no digits
("Budi Santoso, S.T.", "Ketua RW", "PT Maju Jaya")."""
_NAME_WORDS, _NAME_WIDTH = 6, 50
_SMALL_WORDS = frozenset({"bin", "binti", "dan", "dari", "di", "untuk", "van", "der", "and", "of"})
"""Words a name or an organisation may have in lower case; any other word of one is capitalised,
which tells "Staf Kelurahan Sukasari" from "mohon dicek segera"."""


def plain_subject(subject: str) -> str:
    return _RE_PREFIX.sub("", subject or "").strip()


def strip_reply(text: str) -> str:
    """The text a person wrote, without the message they answer and without their signature
    (`split_reply`)."""
    return split_reply(text)[0]


def split_reply(text: str) -> tuple[str, str]:
    """The text a person wrote, without the message they answer ("On ... wrote:", "> ..." lines,
    an Outlook header block) and without their signature ("-- ", "Sent from my iPhone"); and,
    apart, the closing greeting cut from its end with the signature under it ("Salam,\nBudi\nHP:
    0812…"), "" when there is none. A forwarded message is kept: it is what is being reported.
    If nothing is left, the text without its quote marks."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        joined = f"{line} {following}"
        if _REPLY_HEADER.match(line) or (
            line.strip().lower().startswith(("on ", "pada ")) and _REPLY_HEADER.match(joined)
        ):
            break
        if _HEADER_BLOCK.match(line) and _HEADER_NEXT.match(following):
            break
        if _SIGNATURE.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    written = _without_closing(kept)
    result = _tidy(written)
    if result:
        return result, _tidy(kept[len(written) :])
    return _tidy([line.lstrip("> ").rstrip() for line in lines]), ""


def _without_closing(lines: list[str]) -> list[str]:
    """`lines` without the closing greeting at their end and the signature under it (its phone
    number would become a public description), when there is text above it and every line
    under it is a name, a title, an organisation, a phone number or an e-mail address."""
    while True:
        closing = next((i for i in range(len(lines) - 1, -1, -1) if _CLOSING.match(lines[i])), None)
        if closing is None or not any(line.strip() for line in lines[:closing]):
            return lines
        under = [line.strip() for line in lines[closing + 1 :] if line.strip()]
        if len(under) > _CLOSING_LINES or not all(_signature_line(line) for line in under):
            return lines
        lines = lines[:closing]


def _signature_line(line: str) -> bool:
    """A line of a signature: a name, a title or a short organisation line, a phone number or an
    e-mail address. Anything else (a location, a note, a sentence) is the reporter writing."""
    if _STILL_WRITING.match(line):
        return False
    if _SIGNATURE_EMAIL.match(line):
        return True
    if _SIGNATURE_PHONE.match(line):
        return 8 <= sum(ch.isdigit() for ch in line) <= 30
    if len(line) > _NAME_WIDTH or len(line.split()) > _NAME_WORDS:
        return False
    # A sentence ends with a full stop after a word; a name's ends an initial or a degree
    # ("Budi S.", "S.T.", "M.Si.").
    last = line.split()[-1]
    if last.endswith(".") and len(last.replace(".", "")) > 3:
        return False
    if not _SIGNATURE_NAME.match(line):
        return False
    words = re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", line)  # "Nur'aini" is one word
    return all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


class _TextOfHtml(HTMLParser):
    _BLOCKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul"}
    _SKIPPED = {"script", "style", "head", "title", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in self._SKIPPED or "gmail_quote" in classes or "gmail_signature" in classes:
            self.skipping += 1
        elif tag in self._BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML mail: block elements become lines; scripts, styles and the
    quoted message (blockquote, Gmail's quote) are dropped."""
    parser = _TextOfHtml()
    parser.feed(markup or "")
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return _tidy(lines)


# --- Mailgun --------------------------------------------------------------------------------------


def verify_mailgun(
    account: ChannelAccount, post: Mapping[str, str], *, now: datetime | None = None
) -> str:
    """Check a Mailgun post's `signature` = HMAC-SHA256(signing key, timestamp + token), hex, and
    that it was signed within MAILGUN_MAX_AGE. Returns the token; raises SignatureRefused."""
    timestamp = str(post.get("timestamp", "") or "")
    token = str(post.get("token", "") or "")
    signature = str(post.get("signature", "") or "")
    if not (timestamp and token and signature):
        raise SignatureRefused(401, str(_("Tanda tangan Mailgun tidak ada.")))
    key = account.secret("signing_key")
    if not key:
        raise SignatureRefused(403, str(_("Akun ini belum punya signing_key Mailgun.")))
    expected = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode()):
        raise SignatureRefused(403, str(_("Tanda tangan Mailgun tidak cocok.")))
    now = now or clock.now()
    try:
        signed_at = float(timestamp)
    except ValueError:
        raise SignatureRefused(403, str(_("Waktu tanda tangan tidak terbaca."))) from None
    if not math.isfinite(signed_at):  # "nan" is never more than MAILGUN_MAX_AGE from now
        raise SignatureRefused(403, str(_("Waktu tanda tangan tidak terbaca.")))
    if abs(now.timestamp() - signed_at) > MAILGUN_MAX_AGE.total_seconds():
        raise SignatureRefused(403, str(_("Tanda tangan Mailgun sudah kedaluwarsa.")))
    return token


def claim_token(account: ChannelAccount, token: str, message_id: str) -> bool:
    """Remember a signature's token with the message it came with. False when the token was used
    before for another message: someone replays a captured signature with other content. The
    same message again is Mailgun retrying, and idempotency answers it with the same report."""
    key = f"laksa:mailgun-token:{account.pk}:{hashlib.sha256(token.encode()).hexdigest()}"
    ttl = int(MAILGUN_MAX_AGE.total_seconds() * 2) + 60
    if cache.add(key, message_id, timeout=ttl):
        return True
    return cache.get(key) == message_id


def parse_mailgun(post: Mapping[str, str], files: Mapping[str, Any]) -> Mail:
    """Read the form Mailgun's `forward()` posts: `from`, `subject`, `body-plain`, `stripped-text`,
    `message-headers`, `attachment-count` and `attachment-1..n` (or `body-mime`, posted to a URL
    ending in "mime"). Raises Malformed."""
    if post.get("body-mime"):
        return parse_message(str(post["body-mime"]).encode("utf-8", "surrogateescape"))
    from_header = str(post.get("from") or post.get("sender") or "")
    sender_name, sender = parseaddr(from_header)
    if "@" not in sender:
        raise Malformed(str(_("Alamat pengirim tidak ada atau tidak terbaca.")), "from")
    if "body-plain" not in post:
        raise Malformed(str(_("Isi surel (body-plain) tidak ada.")), "body-plain")
    headers = _mailgun_headers(post.get("message-headers", ""))
    try:
        count = int(post.get("attachment-count") or 0)
    except ValueError:
        raise Malformed(str(_("attachment-count bukan bilangan.")), "attachment-count") from None
    if not 0 <= count <= 50:
        raise Malformed(str(_("attachment-count tidak wajar.")), "attachment-count")
    attachments = []
    for number in range(1, count + 1):
        upload = files.get(f"attachment-{number}")
        if upload is None:
            raise Malformed(
                str(_("Lampiran %(n)d tidak ada.") % {"n": number}), f"attachment-{number}"
            )
        attachments.append(upload)
    text, closing = str(post.get("stripped-text") or "").strip(), ""
    if not text:
        text, closing = split_reply(str(post.get("body-plain") or ""))
    if not text and post.get("body-html"):
        text, closing = split_reply(html_to_text(str(post["body-html"])))
    photos, skipped = _photos(attachments, name_of=lambda upload: str(upload.name or ""))
    message_id = str(post.get("Message-Id") or headers.get("message-id") or "")
    if not message_id.strip():
        raise Malformed(str(_("Message-Id tidak ada.")), "Message-Id")
    return Mail(
        message_id=_message_id(message_id, b""),
        sender=sender.strip(),
        sender_name=sender_name.strip(),
        subject=_one_line(str(post.get("subject") or headers.get("subject") or "")),
        body=text,
        closing=closing,
        photos=photos,
        automatic=is_automatic(headers, sender, headers.get("content-type", "").split(";")[0]),
        skipped=skipped,
    )


def _mailgun_headers(raw: str) -> dict[str, str]:
    """`message-headers`: a JSON list of [name, value] pairs, lower-cased names."""
    if not raw:
        return {}
    try:
        pairs = json.loads(raw)
        return {str(name).lower(): str(value) for name, value in pairs}
    except (ValueError, TypeError, RecursionError):
        raise Malformed(
            str(_("message-headers bukan daftar JSON [nama, nilai].")), "message-headers"
        ) from None


# --- from a mail to a report -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    report: Report | None
    followup: bool = False
    """True: the mail was added to `report` as the reporter's message, no new report."""
    created: bool = False
    """False when the same mail came before (or was ignored): nothing new was stored."""

    @property
    def ignored(self) -> bool:
        return self.report is None


def accept(mail: Mail, account: ChannelAccount, *, now: datetime | None = None) -> Outcome:
    """The mail as a new report (channel "email"), or as the reporter's follow-up on the report
    its subject names. An automatic mail is ignored. The same mail again changes nothing.
    Raises reports.errors.InvalidInput (intake.errors.Rejected for a new report)."""
    now = now or clock.now()
    for note in mail.skipped:
        log.info("e-mail %s: attachment not used: %s", mail.message_id, note)
    if mail.automatic:
        log.info("e-mail %s from %s ignored: automatic", mail.message_id, mail.sender)
        return Outcome(None)
    jurisdiction = account.jurisdiction
    earlier = threaded_report(mail, jurisdiction)
    if earlier is not None:
        _event, created = add_citizen_message(
            earlier,
            text=mail.whole_text(),
            channel=Channel.EMAIL,
            message_id=f"{account.name}:{mail.message_id}",
            photos=mail.photos,
            now=now,
        )
        return Outcome(earlier, followup=True, created=created)
    inbound = Inbound(
        channel=Channel.EMAIL,
        text=mail.report_text(),
        account=account.name,
        message_id=mail.message_id,
        sender=mail.sender,
        sender_name=mail.sender_name,
        photos=mail.photos,
        received_at=now,
        note=mail.closing_note(),
    )
    received = receive(inbound, jurisdiction=jurisdiction, now=now)
    return Outcome(received.report, created=received.created)


def threaded_report(mail: Mail, jurisdiction: Jurisdiction) -> Report | None:
    """The report whose code the subject names, if the mail comes from the address stored with
    it: anyone else naming a code starts a new report (and learns nothing about that one)."""
    prefix = re.escape(jurisdiction.code_prefix)
    found = re.search(rf"(?<![A-Za-z0-9]){prefix}-\d{{4}}-\d{{5,}}(?!\d)", mail.subject, re.I)
    if found is None or "@" not in mail.sender:
        return None
    report = (
        Report.objects.select_related("contact")
        .filter(jurisdiction=jurisdiction, code=found.group(0).upper())
        .first()
    )
    if report is None or report.contact is None:
        return None
    stored = (report.contact.email or "").strip().casefold()
    return report if stored and stored == mail.sender.strip().casefold() else None
