"""Which mode Laksa runs in, and the refusal to serve a production site with unsafe settings.

The mode is `LAKSA_ENV` (production, development or test) when set; otherwise "test" under
pytest (pytest sets PYTEST_VERSION for itself and every process it starts), "development" under
`make run` (which sets LAKSA_DEV=1 for itself), and "production" everywhere else: a server started
any other way is treated as the real one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

PRODUCTION, DEVELOPMENT, TEST = "production", "development", "test"
MODES = (PRODUCTION, DEVELOPMENT, TEST)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
MIN_SECRET_LENGTH = 50
SECRET_FILE = "secret_key"


def mode(environ: Mapping[str, str] = os.environ) -> str:
    """The mode this process runs in (see the module's docstring)."""
    named = environ.get("LAKSA_ENV", "").strip().lower()
    if named:
        if named not in MODES:
            raise ImproperlyConfigured(
                f"LAKSA_ENV must be one of {', '.join(MODES)}, not {named!r}"
            )
        return named
    if environ.get("PYTEST_VERSION"):
        return TEST
    if environ.get("LAKSA_DEV", "").strip().lower() in {"1", "true", "yes", "on"}:
        return DEVELOPMENT
    return PRODUCTION


def development_secret_key(var_dir: Path) -> str:
    """This checkout's own random key, made once into `var_dir/secret_key` (mode 0600) and
    read back afterwards: sessions survive a restart, and no key is ever published."""
    path = var_dir / SECRET_FILE
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    key = secrets.token_urlsafe(MIN_SECRET_LENGTH)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of `make run` made it a moment ago
        return path.read_text(encoding="utf-8").strip() or key
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key


def unsafe_settings(settings: Any) -> list[str]:
    """What forbids serving in production mode; empty in the other modes."""
    if getattr(settings, "LAKSA_MODE", PRODUCTION) != PRODUCTION:
        return []
    problems = []
    if not settings.LAKSA_SECRET_KEY_GIVEN:
        problems.append(
            "LAKSA_SECRET_KEY (or LAKSA_SECRET_KEY_FILE) is not set: give the site its own "
            f"random key of at least {MIN_SECRET_LENGTH} characters"
        )
    elif len(settings.SECRET_KEY) < MIN_SECRET_LENGTH:
        problems.append(f"LAKSA_SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters")
    if settings.DEBUG:
        exposed = [h for h in settings.ALLOWED_HOSTS if h not in LOOPBACK_HOSTS]
        if exposed:
            problems.append(
                "LAKSA_DEBUG=1 with a host other than this machine in LAKSA_ALLOWED_HOSTS "
                f"({', '.join(exposed)}): debug pages show settings and code to anyone"
            )
    return problems


def refuse_unsafe_start() -> None:
    """Raise ImproperlyConfigured when the settings forbid serving (the web entry points call
    this before they answer anything)."""
    from django.conf import settings

    problems = unsafe_settings(settings)
    if problems:
        raise ImproperlyConfigured(
            "Laksa refuses to start in production mode (LAKSA_ENV=production, or not started by "
            "`make run` or the tests): " + "; ".join(problems) + ". See docs/operations.md."
        )


@checks.register(checks.Tags.security, deploy=True)
def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`laksa check --deploy` fails on what the server would refuse to start with."""
    from django.conf import settings

    return [checks.Error(problem, id="laksa.E001") for problem in unsafe_settings(settings)]
