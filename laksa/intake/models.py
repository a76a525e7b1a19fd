"""A city's channel accounts: an SMS modem or gateway, a mailbox, later a chat platform's page.

One row per account, configured in the admin or with `laksa channel add`. Every outbound provider
URL is a setting of the account (`api_base`, `send_url`), so a test or a self-hosted gateway points
it elsewhere. Secrets live apart from the settings and are never shown again once set."""

from __future__ import annotations

import secrets as token_source
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.lib import clock
from laksa.org.models import Jurisdiction


class Kind(models.TextChoices):
    """The adapter an account speaks; `channel` says which report channel it feeds."""

    GAMMU = "gammu", _("SMS: modem Gammu SMSD")
    KANNEL = "kannel", _("SMS: Kannel")
    SMS_GATEWAY = "sms-gateway", _("SMS: gateway HTTP (JSON)")
    IMAP = "imap", _("Surel: kotak masuk IMAP")
    MAILGUN = "mailgun", _("Surel: webhook Mailgun")
    SMTP = "smtp", _("Surel: pengiriman SMTP")
    WHATSAPP = "whatsapp", _("WhatsApp Cloud API")
    TELEGRAM = "telegram", _("Telegram: bot")
    MESSENGER = "messenger", _("Facebook: Halaman (Messenger)")
    INSTAGRAM = "instagram", _("Instagram: akun profesional")
    X = "x", _("X: akun kota (pesan langsung dan sebutan)")


CHANNEL_OF_KIND = {
    Kind.GAMMU: "sms",
    Kind.KANNEL: "sms",
    Kind.SMS_GATEWAY: "sms",
    Kind.IMAP: "email",
    Kind.MAILGUN: "email",
    Kind.SMTP: "email",
    Kind.WHATSAPP: "whatsapp",
    Kind.TELEGRAM: "telegram",
    Kind.MESSENGER: "facebook",
    Kind.INSTAGRAM: "instagram",
    Kind.X: "x",
}


def new_token() -> str:
    return token_source.token_urlsafe(24)


class ChannelAccount(models.Model):
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="channel_accounts"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    name = models.SlugField(
        _("nama"), max_length=60, help_text=_("Dipakai di alamat webhook, mis. sms-utama.")
    )
    settings = models.JSONField(
        _("pengaturan"),
        default=dict,
        blank=True,
        help_text=_("Kunci dan nilai yang tidak rahasia: api_base, send_url, sender, host, ..."),
    )
    secrets = models.JSONField(default=dict, blank=True, editable=False)
    """Passwords, API keys and signing keys: written by `laksa channel add` or the admin's
    secret field, never shown again."""
    webhook_token = models.CharField(max_length=64, default=new_token, editable=False)
    """The unguessable part of the account's webhook URL, for providers that sign nothing."""
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("akun kanal")
        verbose_name_plural = pgettext_lazy("plural", "akun kanal")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="channel_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def channel(self) -> str:
        """The report channel this account feeds: "sms" or "email"."""
        return CHANNEL_OF_KIND[Kind(self.kind)]

    def setting(self, key: str, default: Any = "") -> Any:
        return self.settings.get(key, default)

    def secret(self, key: str, default: str = "") -> str:
        return str(self.secrets.get(key, default))


class InboxMessage(models.Model):
    """A message a door accepted and answered for, kept until it is handled (a report, a reply):
    the door's one durable write. The provider's retry of it is the same row (unique account and
    message id), so it is handled once; a row that fails is retried with backoff, never dropped."""

    account = models.ForeignKey(
        ChannelAccount, on_delete=models.CASCADE, related_name="inbox", verbose_name=_("akun kanal")
    )
    message_id = models.CharField(_("id pesan"), max_length=150)
    """The provider's id of the message; a uuid ("laksa-…") when the provider gave none."""
    sender = models.CharField(_("pengirim"), max_length=100)
    """As the provider gave it (0812…, +62812…, TELKOMSEL): normalised when handled."""
    text = models.TextField(_("isi"), blank=True)
    payload = models.JSONField(default=dict, blank=True)
    """A chat platform's raw message item (WhatsApp's `messages[n]`), read again when handled."""
    received_at = models.DateTimeField(_("diterima"), default=clock.now)
    next_attempt_at = models.DateTimeField(_("dicoba lagi pada"), default=clock.now)
    handled_at = models.DateTimeField(_("selesai ditangani"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, blank=True)
    """What handling did: report, status, info, not_understood or ignored."""
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan gagal"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = pgettext_lazy("plural", "pesan masuk")
        constraints = [
            models.UniqueConstraint(fields=["account", "message_id"], name="inbox_message_unique")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(handled_at__isnull=True),
                name="inbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.message_id}"


class ConversationState(models.TextChoices):
    OPEN = "open", _("Menunggu keterangan")
    REPORTED = "reported", _("Sudah jadi laporan")
    CLOSED = "closed", _("Ditutup tanpa laporan")


class Conversation(models.Model):
    """The pieces one sender sent an account within a window (text, a photo, a location pin),
    gathered until they make a report; afterwards, within the window, more pieces are notes on
    that report. Private: the handle is the citizen's id on the platform."""

    account = models.ForeignKey(
        ChannelAccount,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("akun kanal"),
    )
    handle = models.CharField(_("pengirim"), max_length=100)
    first_message_id = models.CharField(max_length=150)
    """The first piece's id: the report's message id, so a replay never makes a second report."""
    text = models.TextField(_("isi"), blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    name = models.CharField(_("nama"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    language = models.CharField(max_length=2, blank=True)
    asked = models.CharField(max_length=20, blank=True)
    """The last thing the citizen was asked for: not asked again for every photo."""
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationState.choices,
        default=ConversationState.OPEN,
    )
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("percakapan")
        verbose_name_plural = pgettext_lazy("plural", "percakapan")
        indexes = [
            models.Index(fields=["account", "handle", "updated_at"], name="conversation_latest"),
            models.Index(fields=["account", "first_message_id"], name="conversation_first"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.pk}"


class ConversationPiece(models.Model):
    """One message of a conversation, once per (account, message id): a retry is a no-op."""

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=150)
    handle = models.CharField(max_length=100, blank=True, default="")
    """The sender: counts a burst from one sender (conversations.BURST)."""
    conversation = models.ForeignKey(
        Conversation, null=True, on_delete=models.CASCADE, related_name="pieces"
    )
    outcome = models.CharField(max_length=20, blank=True)
    kinds = models.CharField(max_length=40, blank=True, default="")
    """What the piece carried, as words from PIECE_KINDS ("text photo point"): the LIVE Room
    shows a conversation's report with the pieces it was made of."""
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "message_id"], name="conversation_piece_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["account", "handle", "received_at"], name="conversation_piece_burst"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.message_id}"

    def carried(self) -> list[str]:
        """What the piece carried, in the reader's language (the LIVE Room's transcript)."""
        return [str(PIECE_LABELS.get(word, word)) for word in self.kinds.split()]

    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS.get(self.outcome, self.outcome))


PIECE_LABELS = {"text": _("teks"), "photo": _("foto"), "point": _("titik lokasi")}
OUTCOME_LABELS = {
    "asked": _("ditanyakan yang masih kurang"),
    "report": _("laporan dibuat"),
    "added": _("ditambahkan ke laporan"),
}


class ConversationPhoto(models.Model):
    """A photo kept, already processed, until its conversation becomes a report."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="photos")
    display = models.BinaryField()
    thumbnail = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    dhash = models.CharField(max_length=32, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    gps_lat = models.FloatField(null=True, blank=True)
    gps_lng = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.conversation_id}:{self.sha256[:12]}"


class ContactHandle(models.Model):
    """A citizen's id on a chat platform, tied to their private contact record (never public)."""

    channel = models.CharField(max_length=20)
    handle = models.CharField(max_length=100)
    contact = models.ForeignKey(
        "reports.ReporterContact", on_delete=models.CASCADE, related_name="handles"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("akun obrolan pelapor")
        verbose_name_plural = pgettext_lazy("plural", "akun obrolan pelapor")
        constraints = [
            models.UniqueConstraint(fields=["channel", "handle"], name="contact_handle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"
