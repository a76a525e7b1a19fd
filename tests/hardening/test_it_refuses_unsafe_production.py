"""Finding 4 of issue 16: outside `make run` and the tests, the server refuses to start without
its own secret key or with debug pages open to other hosts; `make run` makes its own key once;
`laksa check --deploy` passes on the documented production settings."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_KEY = "laksa-insecure-development-key-change-me-in-production-0123456789"


def run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LAKSA_") and k not in ("PYTEST_VERSION", "DJANGO_SETTINGS_MODULE")
    }
    environ.update({"LAKSA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


SERVE = "import laksa.wsgi; from django.conf import settings; print(settings.SECRET_KEY)"


def test_it_refuses_to_start_without_a_secret_key(tmp_path):
    result = run(SERVE, tmp_path)
    assert result.returncode != 0
    assert "refuses to start" in result.stderr
    assert "LAKSA_SECRET_KEY" in result.stderr


def test_the_worker_refuses_too(tmp_path):
    """The worker signs the links it sends: it must not run on a key nobody set."""
    for command in ("run_huey", "intake-drain"):
        code = f"from laksa.__main__ import main; main(['laksa', '{command}'])"
        result = run(code, tmp_path)
        assert result.returncode != 0
        assert "refuses to start" in result.stderr
        assert "LAKSA_SECRET_KEY" in result.stderr


def test_it_starts_with_its_own_key(tmp_path):
    key = secrets.token_urlsafe(50)
    result = run(SERVE, tmp_path, LAKSA_SECRET_KEY=key, LAKSA_ALLOWED_HOSTS="lapor.example.go.id")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_it_refuses_debug_on_a_public_host(tmp_path):
    result = run(
        SERVE,
        tmp_path,
        LAKSA_SECRET_KEY=secrets.token_urlsafe(50),
        LAKSA_DEBUG="1",
        LAKSA_ALLOWED_HOSTS="lapor.example.go.id",
    )
    assert result.returncode != 0
    assert "LAKSA_DEBUG=1" in result.stderr


def test_it_allows_debug_on_this_machine_only(tmp_path):
    result = run(
        SERVE,
        tmp_path,
        LAKSA_SECRET_KEY=secrets.token_urlsafe(50),
        LAKSA_DEBUG="1",
        LAKSA_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    assert result.returncode == 0, result.stderr


def test_it_makes_a_private_key_once_for_make_run(tmp_path):
    first = run(SERVE, tmp_path, LAKSA_DEV="1")
    second = run(SERVE, tmp_path, LAKSA_DEV="1")
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert key == second.stdout.strip()
    assert key != PUBLISHED_KEY
    assert len(key) >= 50
    stored = tmp_path / "secret_key"
    assert stored.read_text().strip() == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_it_never_uses_the_published_key(tmp_path):
    result = run("from django.conf import settings; print(settings.SECRET_KEY)", tmp_path,
                 DJANGO_SETTINGS_MODULE="laksa.settings")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() != PUBLISHED_KEY
    assert PUBLISHED_KEY not in (ROOT / "laksa" / "settings.py").read_text()


def test_the_makefile_runs_in_development_mode():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export LAKSA_DEV := 1" in makefile


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from laksa.__main__ import main; "
        "main(['laksa', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    return run(code, tmp_path, **env)


def test_check_deploy_passes_on_the_documented_production_settings(tmp_path):
    result = check_deploy(
        tmp_path,
        LAKSA_SECRET_KEY=secrets.token_urlsafe(50),
        LAKSA_ALLOWED_HOSTS="lapor.example.go.id",
        LAKSA_CSRF_TRUSTED_ORIGINS="https://lapor.example.go.id",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_a_key(tmp_path):
    result = check_deploy(tmp_path, LAKSA_ALLOWED_HOSTS="lapor.example.go.id")
    assert result.returncode != 0
    assert "laksa.E001" in result.stderr


def test_production_settings_turn_on_https(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run(code, tmp_path, DJANGO_SETTINGS_MODULE="laksa.settings",
                 LAKSA_SECRET_KEY=secrets.token_urlsafe(50))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "True", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"
    ]  # fmt: skip
