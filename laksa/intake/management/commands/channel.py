"""`laksa channel add KIND NAME key=value ...` makes a channel account of the city and prints
how its provider reaches it (webhook URL, header or smsdrc line); `laksa channel list` shows the
accounts (which secret keys are set, never their values); `laksa channel remove NAME` deletes
one. Keys that are secrets by name (password, secret, api_key, token, signing_key, or ending in
_password, _secret, ...) go to the account's secrets; the others to its settings."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from laksa.intake.admin import connection_lines
from laksa.intake.models import ChannelAccount, Kind
from laksa.org.selectors import current_jurisdiction

SECRET_KEYS = ("password", "secret", "api_key", "token", "signing_key")


def is_secret(key: str) -> bool:
    key = key.lower()
    return any(key == name or key.endswith("_" + name) for name in SECRET_KEYS)


def split_pairs(pairs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """`key=value` words into (settings, secrets)."""
    settings: dict[str, str] = {}
    secrets: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals or not key:
            raise CommandError(f"{pair!r} is not key=value.")
        (secrets if is_secret(key) else settings)[key] = value
    return settings, secrets


class Command(BaseCommand):
    help = "Add, list or remove the city's channel accounts (SMS modem or gateway, mailbox)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add", "list", "remove"])
        parser.add_argument("words", nargs="*", help="add: KIND NAME key=value ...; remove: NAME")
        parser.add_argument(
            "--register",
            action="store_true",
            help="add: also give the provider the webhook (Telegram's setWebhook)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = current_jurisdiction()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        words: list[str] = options["words"]
        accounts = ChannelAccount.objects.filter(jurisdiction=city)
        if options["action"] == "list":
            for account in accounts.order_by("name"):
                keys = ",".join(sorted(account.secrets)) or "-"
                state = "active" if account.active else "inactive"
                self.stdout.write(
                    f"{account.name}\t{account.kind}\t{state}\tsecrets: {keys}\t"
                    f"settings: {','.join(sorted(account.settings)) or '-'}"
                )
            return
        if options["action"] == "remove":
            if len(words) != 1:
                raise CommandError("Give the account's name: laksa channel remove NAME")
            deleted, _rows = accounts.filter(name=words[0]).delete()
            if not deleted:
                raise CommandError(f"No channel account named {words[0]!r}.")
            self.stdout.write(f"Removed {words[0]!r}.")
            return
        if len(words) < 2:
            raise CommandError(
                "Give the kind and the name: laksa channel add KIND NAME key=value ..."
            )
        kind, name, pairs = words[0], words[1], words[2:]
        if kind not in Kind.values:
            raise CommandError(f"Unknown kind {kind!r}; one of {', '.join(Kind.values)}.")
        try:
            validate_slug(name)
        except ValidationError as exc:
            raise CommandError(f"{name!r}: letters, digits, - and _ only.") from exc
        if accounts.filter(name=name).exists():
            raise CommandError(f"A channel account named {name!r} exists already.")
        settings, secrets = split_pairs(pairs)
        account = ChannelAccount.objects.create(
            jurisdiction=city, kind=kind, name=name, settings=settings, secrets=secrets
        )
        self.stdout.write(f"Added {account}.")
        for line in connection_lines(account):
            self.stdout.write(line)
        if secrets:
            self.stderr.write(f"Secrets stored, never shown again: {', '.join(sorted(secrets))}")
        if options["register"]:
            self.stdout.write(register(account))


def register(account: ChannelAccount) -> str:
    """Give the provider the account's webhook, through the channel's `webhooks.register`; the
    account stays added when that fails (run `laksa channel remove` to undo)."""
    module = import_module(f"laksa.intake.{account.channel}.webhooks")
    if not hasattr(module, "register"):
        raise CommandError(f"--register: {account.kind} accounts are connected by hand.")
    try:
        return f"Registered: {module.register(account)}"
    except RuntimeError as exc:
        raise CommandError(f"{account.name} was added, but {exc}") from exc
