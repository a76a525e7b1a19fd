"""Issue 15, the write path: a key's rate is counted in the cache (Redis when configured),
atomically, never from the database; the call past the limit gets the same 429 as before, and two
processes sharing Redis count one allowance between them. (Twenty threads of one process, and a
staff token's rate: tests/hardening/test_it_keeps_the_request_log_small.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.org.models import Application
from tests.api_helpers import API
from tests.test_open311 import V2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window")]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/12"


def test_it_refuses_the_call_past_a_keys_limit_with_the_429_it_always_gave(
    api: Client, app_key: str, pothole: Any
) -> None:
    Application.objects.update(requests_per_minute=3)
    answers = [api.get(f"{V2}/services.json?api_key={app_key}") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]

    json_refusal = api.get(f"{V2}/services.json?api_key={app_key}")
    xml_refusal = api.get(f"{V2}/services.xml", headers={"X-Api-Key": app_key})
    api_refusal = api.get(f"{API}/categories", headers={"X-Api-Key": app_key})

    assert json_refusal.status_code == xml_refusal.status_code == api_refusal.status_code == 429
    assert json_refusal.content == (
        b'[{"code":429,"description":"Terlalu banyak permintaan: paling banyak 3 per menit."}]'
    )
    assert xml_refusal.content == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<errors><error><code>429</code>'
        b"<description>Terlalu banyak permintaan: paling banyak 3 per menit.</description>"
        b"</error></errors>"
    )
    assert api_refusal.json() == {
        "errors": [
            {
                "code": "rate_limited",
                "field": None,
                "message": "Terlalu banyak permintaan: paling banyak 3 per menit.",
            }
        ]
    }


def test_it_reads_and_writes_no_log_row_to_count(
    api: Client, app_key: str, pothole: Any, settings: Any
) -> None:
    """What the rate counts is the cache: a keyed request neither counts log rows nor writes
    one on its way (the log is written in batches, org.request_log)."""
    settings.LAKSA_API_LOG_BATCH = 100
    api.get(f"{V2}/services.json?api_key={app_key}")  # the first: the process's caches fill
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{V2}/services.json?api_key={app_key}").status_code == 200
    touched = [q["sql"] for q in queries if "org_apirequest" in q["sql"]]
    touched += [q["sql"] for q in queries if q["sql"].startswith('UPDATE "org_application"')]
    assert touched == []


HITS = """
import sys, threading
from datetime import datetime, timezone
import django
django.setup()
from laksa.lib import clock
from laksa.org import keys

# Both processes count in the same minute, whenever they run: a window's edge would split them.
clock.now = lambda: datetime(2026, 12, 1, 3, 0, 30, tzinfo=timezone.utc)
caller, limit, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
allowed = []

def hammer():
    for _ in range(calls):
        try:
            keys.check_rate(caller, limit)
            allowed.append(1)
        except keys.KeyRefused as exc:
            assert exc.status == 429

threads = [threading.Thread(target=hammer) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(allowed), flush=True)
"""


def test_two_processes_sharing_redis_count_one_allowance(tmp_path: Path) -> None:
    """Two web processes on one Redis (LAKSA_REDIS_URL): 2 x 4 threads x 40 calls of one key at
    once, a limit of 50 a minute: exactly 50 are let through between them."""
    caller = f"app:test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "LAKSA_REDIS_URL": REDIS_URL,
        "LAKSA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "laksa.settings",
    }
    env.pop("LAKSA_DATABASE_URL", None)  # no database is asked for
    command = [sys.executable, "-c", HITS, caller, "50", "40"]
    pipes: dict[str, Any] = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, **pipes) for _ in range(2)]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    for process in processes:  # let both go at once
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    allowed = []
    for process in processes:
        out, _err = process.communicate(timeout=60)
        assert process.returncode == 0
        allowed.append(int(out.split()[-1]))
    assert sum(allowed) == 50  # each process alone would have let 50 through
