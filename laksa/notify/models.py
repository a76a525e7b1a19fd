"""The outbox: every message to a citizen (later, staff) is a row written in the same transaction
as the event that causes it, then sent by the worker (outbox.py), each attempt recorded.

The recipient's address is private like the reporter's contact it is copied from: it appears on no
public page, API or stream, and staff screens show it masked (`Message.masked_recipient`)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import masked_address
from laksa.lib import clock
from laksa.lib.phone import mask
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report


class Audience(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    STAFF = "staff", _("Staf")


class MessageChannel(models.TextChoices):
    SMS = "sms", "SMS"
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    FACEBOOK = "facebook", "Facebook Messenger"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"


class Language(models.TextChoices):
    ID = "id", "Bahasa Indonesia"
    EN = "en", "English"


class TemplateKey(models.TextChoices):
    """Why a message is sent; each key has a default text per channel and language (texts.py)."""

    ACKNOWLEDGED = "ack", _("Laporan diterima (kode dan tautan pribadi)")
    VERIFIED = "verified", _("Diverifikasi dan diteruskan")
    DISPATCHED = "dispatched", _("Ditanggapi instansi")
    DONE = "done", _("Selesai: minta konfirmasi dan penilaian")
    REJECTED = "rejected", _("Ditolak, dengan alasan")
    REFERRED = "referred", _("Dirujuk, dengan tujuan")
    DUPLICATE = "duplicate", _("Digabung ke laporan lain")
    REPLY = "reply", _("Balasan operator")
    LINK = "link", _("Kirim ulang tautan pribadi")
    # Answers to a sender that intake asks for (intake.replies.ask_reply)
    INFO = "info", _("Cara melapor (INFO)")
    STATUS = "status", _("Status laporan (STATUS)")
    STATUS_OWNER = "status_owner", _("Status laporan untuk pelapornya, dengan tautan pribadi")
    STATUS_UNKNOWN = "status_unknown", _("Kode laporan tidak ditemukan")
    NOT_UNDERSTOOD = "not_understood", _("Pesan tidak dimengerti")
    GUESTBOOK_THANKS = "guestbook_thanks", _("Terima kasih untuk buku tamu")
    # A chat conversation's questions (intake.conversations); chat channels use the SMS wording
    WELCOME = "welcome", _("Chat: sapaan dan cara melapor")
    ASK_WHAT = "ask_what", _("Chat: tanya apa masalahnya")
    ASK_WHERE = "ask_where", _("Chat: tanya lokasinya")
    ASK_PHOTO = "ask_photo", _("Chat: minta foto")
    SLOW_DOWN = "slow_down", _("Chat: terlalu banyak pesan dalam semenit")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")

    @property
    def colour(self) -> str:
        return {"queued": "yellow", "sending": "yellow", "sent": "green", "failed": "red"}[self]


class Message(models.Model):
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="messages"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    audience = models.CharField(
        _("penerima"), max_length=8, choices=Audience.choices, default=Audience.CITIZEN
    )
    channel = models.CharField(_("kanal"), max_length=12, choices=MessageChannel.choices)
    account = models.ForeignKey(
        ChannelAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("akun kanal"),
        help_text=_("Kosong: belum ada akun kanal aktif; pesan menunggu, tidak dibuang."),
    )
    recipient = models.CharField(max_length=254)
    """A +62 number or an e-mail address: private, never shown in full outside the admin."""
    template_key = models.CharField(_("jenis pesan"), max_length=20, choices=TemplateKey.choices)
    language = models.CharField(
        _("bahasa"), max_length=2, choices=Language.choices, default=Language.ID
    )
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    """When the worker may take the row next: a retry's time, or the end of a worker's lease."""
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)
    send_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    """The same on every attempt: the provider's idempotency key, the e-mail's Message-ID."""
    created_at = models.DateTimeField(_("dibuat"), default=clock.now, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = pgettext_lazy("plural", "pesan keluar")
        indexes = [
            # The worker's claim: due rows that still need sending, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                name="message_due",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
            models.Index(fields=["jurisdiction", "status"], name="message_city_status"),
        ]

    def __str__(self) -> str:
        return f"{self.template_key}:{self.channel}:{self.pk}"

    @property
    def masked_recipient(self) -> str:
        if self.channel == MessageChannel.SMS:
            return mask(self.recipient)
        return masked_address(self.recipient)

    @property
    def status_colour(self) -> str:
        return MessageStatus(self.status).colour

    @property
    def waits_for_channel(self) -> bool:
        """Queued SMS with no account to send it: operators see "no channel configured"."""
        return (
            self.status == MessageStatus.QUEUED
            and self.channel == MessageChannel.SMS
            and self.account_id is None
        )


class Attempt(models.Model):
    """One try at sending a message, whatever came of it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("waktu"))
    ok = models.BooleanField(_("berhasil"), default=False)
    permanent = models.BooleanField(_("gagal permanen"), default=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(_("galat"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("percobaan kirim")
        verbose_name_plural = pgettext_lazy("plural", "percobaan kirim")

    def __str__(self) -> str:
        return f"{self.message_id}:{'ok' if self.ok else 'error'}"


class MessageTemplate(models.Model):
    """A city's own wording of one message; without a row the default text in texts.py is used.

    Placeholders in braces: {code}, {link} (the private link), {track} (the public page),
    {agency}, {reason}, {where}, {text}, {into}, {city}."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="message_templates"
    )
    key = models.CharField(_("jenis pesan"), max_length=20, choices=TemplateKey.choices)
    channel = models.CharField(_("kanal"), max_length=12, choices=MessageChannel.choices)
    language = models.CharField(_("bahasa"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))

    class Meta:
        verbose_name = _("templat pesan")
        verbose_name_plural = pgettext_lazy("plural", "templat pesan")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "key", "channel", "language"],
                name="message_template_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.channel}, {self.language})"


class LinkRequest(models.Model):
    """One use of the "send me my link" form for a code, kept to limit how often it may be tried."""

    code = models.CharField(max_length=24, db_index=True)
    matched = models.BooleanField(default=False)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("permintaan tautan")
        verbose_name_plural = pgettext_lazy("plural", "permintaan tautan")

    def __str__(self) -> str:
        return f"{self.code}:{self.at:%Y-%m-%d %H:%M}"
