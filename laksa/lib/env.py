"""Typed readers for `LAKSA_*` environment variables; every one has a default that runs on one machine.

A secret may come from a file instead: `LAKSA_SECRET_KEY_FILE=/run/secrets/key` wins over
`LAKSA_SECRET_KEY`.
"""

from __future__ import annotations

import os
from pathlib import Path


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"LAKSA_{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    value = os.environ.get(f"LAKSA_{name}")
    return value if value not in (None, "") else None


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    return default if value is None else int(value)


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    return default if value is None else float(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
