"""The `laksa` command for the people who run the service.

`laksa import-areas FILE.geojson`, `laksa load-demo`, `laksa createsuperuser`, `laksa migrate`...
Dashes are accepted for underscores; anything else is handed to Django's management commands.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) > 1 and args[1] in SERVING:
        _refuse_unsafe_start()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["laksa", *args[1:]])


SERVING = {"run_huey", "intake_drain", "runserver"}
"""Commands that serve, as the web entry points do: they send notifications and links signed with
the secret key, so they refuse the same unsafe production settings (docs/operations.md)."""


def _refuse_unsafe_start() -> None:
    import django
    from django.core.exceptions import ImproperlyConfigured

    django.setup()
    from laksa.lib.production import refuse_unsafe_start

    try:
        refuse_unsafe_start()
    except ImproperlyConfigured as refusal:
        sys.exit(str(refusal))


if __name__ == "__main__":
    main()
