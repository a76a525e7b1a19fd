"""`laksa token create USERNAME NAME` makes a personal API token and prints its key (once);
`laksa token list USERNAME` shows a user's tokens; `laksa token revoke USERNAME NAME` revokes one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laksa.api.models import PersonalToken


class Command(BaseCommand):
    help = "Make, list or revoke the personal API tokens of staff users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        name = options["name"].strip()
        tokens = PersonalToken.objects.filter(user=user)
        if options["action"] == "list":
            for token in tokens.order_by("name"):
                state = "revoked" if token.revoked else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(f"{token.name}\t{token.key_prefix}…\t{state}\tlast used {used}")
            return
        if not name:
            raise CommandError("Give the token's name.")
        if options["action"] == "create":
            if tokens.filter(name=name).exists():
                raise CommandError(f"{user} has a token named {name!r} already.")
            _token, key = PersonalToken.create_with_key(user, name)
            self.stdout.write(key)
            self.stderr.write(f"Token {name!r} for {user}: shown once, keep it safe.")
            return
        if not tokens.filter(name=name, revoked=False).update(revoked=True):
            raise CommandError(f"{user} has no active token named {name!r}.")
        self.stdout.write(f"Revoked {name!r} of {user}.")
