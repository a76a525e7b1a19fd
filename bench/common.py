"""Shared set-up of the benchmarks: a throwaway database (SQLite file or PostgreSQL), migrated."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("LAKSA_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
SHARED_DATA = Path(os.environ.get("LAKSA_AREAS_DIR", ROOT.parent / "shared" / "data"))


@contextmanager
def bench_database(engine: str = "sqlite") -> Iterator[str]:
    """Point Django at a fresh database, migrate it, and drop it afterwards."""
    tmp = tempfile.TemporaryDirectory(prefix="laksa-bench-")
    os.environ["LAKSA_VAR_DIR"] = tmp.name
    name = f"laksa_bench_{os.getpid()}"
    if engine == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["LAKSA_DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        os.environ["LAKSA_DATABASE_URL"] = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        yield engine
    finally:
        from django.db import connections

        connections.close_all()
        if engine == "postgres":
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                # FORCE: a server the benchmark started may still be closing its connections
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        tmp.cleanup()


def summary(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):.3f} ms, p95 {p95:.3f} ms, n={len(ordered)}"


async def read_answer(reader: asyncio.StreamReader) -> int:
    """One HTTP answer off a keep-alive connection (its head, then Content-Length bytes of
    body): its status. The benchmarks' raw clients send and read this way, to measure the
    server and not an HTTP library."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return int(head.split(b" ", 2)[1])
