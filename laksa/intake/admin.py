"""Channel accounts in the admin: settings edited as JSON, secrets written through a field that
never shows them again (only which keys are set), and how each provider reaches its account. The
intake inbox read-only beside them: what is pending, what failed and why, and a retry."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laksa.intake import inbox
from laksa.intake.models import ChannelAccount, InboxMessage, new_token


def connection_lines(account: ChannelAccount, base: str = "") -> list[str]:
    """How the account's provider reaches it, from the channel's folder
    (`laksa/intake/<channel>/webhooks.py`, `connection_lines`); none if the folder has no such
    module."""
    try:
        module = import_module(f"laksa.intake.{account.channel}.webhooks")
    except ModuleNotFoundError:
        return []
    lines: list[str] = module.connection_lines(account, base)
    return lines


class WriteOnlyTextarea(forms.Textarea):
    """A textarea that never renders what was typed, not even after an error."""

    def format_value(self, value: Any) -> None:
        return None


class ChannelAccountForm(forms.ModelForm):
    new_secrets = forms.CharField(
        label=_("rahasia baru"),
        required=False,
        widget=WriteOnlyTextarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "Satu kunci=nilai per baris (password, secret, api_key, signing_key, ...). Kunci yang "
            "sudah ada diganti; kunci dengan nilai kosong dihapus. Nilai rahasia tidak pernah "
            "ditampilkan lagi."
        ),
    )

    class Meta:
        model = ChannelAccount
        fields = ["jurisdiction", "kind", "name", "settings", "active"]

    def clean_new_secrets(self) -> dict[str, str]:
        changes: dict[str, str] = {}
        for line in self.cleaned_data.get("new_secrets", "").splitlines():
            if not line.strip():
                continue
            key, equals, value = line.partition("=")
            if not equals or not key.strip():
                # Never echo the line back: it may be a secret typed without its key.
                raise forms.ValidationError(gettext("Setiap baris harus berupa kunci=nilai."))
            changes[key.strip()] = value.strip()
        return changes

    def clean_settings(self) -> Any:
        value = self.cleaned_data.get("settings")
        if not isinstance(value, dict):
            raise forms.ValidationError(gettext("Pengaturan harus berupa objek JSON {...}."))
        return value

    def save(self, commit: bool = True) -> ChannelAccount:
        account: ChannelAccount = super().save(commit=False)
        secrets = dict(account.secrets or {})
        for key, value in self.cleaned_data.get("new_secrets", {}).items():
            if value:
                secrets[key] = value
            else:
                secrets.pop(key, None)
        account.secrets = secrets
        if commit:
            account.save()
        return account


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    form = ChannelAccountForm
    list_display = ["name", "kind", "jurisdiction", "active", "secret_keys", "connection"]
    list_filter = ["kind", "active", "jurisdiction"]
    search_fields = ["name"]
    readonly_fields = ["secret_keys", "connection", "created_at"]
    fields = [
        "jurisdiction",
        "kind",
        "name",
        "settings",
        "new_secrets",
        "secret_keys",
        "active",
        "connection",
        "created_at",
    ]
    actions = ["new_webhook_token"]

    @admin.display(description=_("rahasia yang diisi"))
    def secret_keys(self, account: ChannelAccount) -> str:
        return ", ".join(sorted(account.secrets or {})) or "-"

    @admin.display(description=_("cara penyedia terhubung"))
    def connection(self, account: ChannelAccount) -> str:
        if not account.pk:
            return "-"
        lines = connection_lines(account)
        if not lines:
            return "-"
        return format_html_join("", "<code>{}</code><br>", ((line,) for line in lines))

    @admin.action(description=_("Buat token webhook baru (alamat lama berhenti berlaku)"))
    def new_webhook_token(self, request: HttpRequest, queryset: QuerySet[ChannelAccount]) -> None:
        for account in queryset:
            account.webhook_token = new_token()
            account.save(update_fields=["webhook_token"])
        messages.success(
            request,
            gettext("Token webhook baru untuk %(n)d akun.") % {"n": queryset.count()},
        )


class InboxState(admin.SimpleListFilter):
    title = _("keadaan")
    parameter_name = "keadaan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("pending", _("menunggu")),
            ("failing", _("gagal, dicoba lagi")),
            ("given_up", _("berhenti dicoba")),
            ("handled", _("selesai ditangani")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        pending = queryset.filter(handled_at__isnull=True)
        value = self.value()
        if value == "pending":
            return pending
        if value == "failing":
            return pending.filter(attempts__gt=0, attempts__lt=inbox.MAX_ATTEMPTS)
        if value == "given_up":
            return pending.filter(attempts__gte=inbox.MAX_ATTEMPTS)
        if value == "handled":
            return queryset.filter(handled_at__isnull=False)
        return queryset


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the doors and the drain. The text and the sender are a
    citizen's message and number, shown to staff with the admin's rights only."""

    list_display = [
        "received_at",
        "account",
        "message_id",
        "outcome",
        "report",
        "attempts",
        "error",
        "next_attempt_at",
        "handled_at",
    ]
    list_filter = [InboxState, "account", "outcome"]
    search_fields = ["message_id"]
    list_select_related = ["account", "report"]
    ordering = ["-id"]
    actions = ["retry_now"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in InboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("galat terakhir"))
    def error(self, row: InboxMessage) -> str:
        return Truncator(row.last_error).chars(120) or "-"

    @admin.action(description=_("Coba tangani lagi sekarang"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[InboxMessage]) -> None:
        count = inbox.retry(queryset)
        messages.success(request, gettext("%(n)d pesan masuk akan dicoba lagi.") % {"n": count})
