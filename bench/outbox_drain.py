"""Outbox drain rate: N queued SMS sent through the fake JSON gateway (its own process, on
127.0.0.1, deduplicating by Idempotency-Key) by `laksa notify-send --once` worker processes.
Beside it, in the same run, the gateway's own ceiling: the same POSTs from one plain requests
session with no database at all, and the ratio of the two.

    .venv/bin/python -m bench.outbox_drain [--messages 5000] [--workers 1] [--threads 8]
        [--batch 100] [--engine sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid

from bench.common import ROOT, bench_database
from tests.notify.fake_gateway import SECRET, _free_port


def start_gateway() -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    gateway = subprocess.Popen(
        [sys.executable, "-m", "tests.notify.fake_gateway", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert gateway.stdout is not None and gateway.stdout.readline().strip() == "ready"
    return gateway, port


def stop_gateway(gateway: subprocess.Popen[str]) -> dict[str, int]:
    gateway.terminate()
    out, _ = gateway.communicate(timeout=10)
    return json.loads(out.strip().splitlines()[-1])


def ceiling(port: int, count: int) -> float:
    """POSTs per second one requests session gets from the gateway, nothing else in the way."""
    import requests

    session = requests.Session()
    url = f"http://127.0.0.1:{port}/send"
    t0 = time.perf_counter()
    for _ in range(count):
        session.post(
            url,
            json={"to": "+6281234567293", "text": "x" * 140},
            headers={"X-Laksa-Secret": SECRET, "Idempotency-Key": str(uuid.uuid4())},
            timeout=5,
        )
    return count / (time.perf_counter() - t0)


def run(engine: str, count: int, workers: int, threads: int, batch: int) -> None:
    with bench_database(engine):
        from django.db import connection

        from laksa.intake.models import ChannelAccount, Kind
        from laksa.lib import clock
        from laksa.notify.models import Message, MessageStatus
        from laksa.org.models import Jurisdiction

        gateway, port = start_gateway()
        try:
            raw = ceiling(port, 1000)
            city = Jurisdiction.objects.create(slug="bench", name="Kota Bench", code_prefix="BCH")
            account = ChannelAccount.objects.create(
                jurisdiction=city,
                kind=Kind.SMS_GATEWAY,
                name="sms",
                settings={"send_url": f"http://127.0.0.1:{port}/send"},
                secrets={"secret": SECRET},
            )
            now = clock.now()
            body = "Laporan TNG-2612-00042 diterima. Pantau, konfirmasi & nilai di " + "x" * 84
            Message.objects.bulk_create(
                [
                    Message(
                        jurisdiction=city,
                        channel="sms",
                        account=account,
                        recipient=f"+62812{n:08d}",
                        template_key="ack",
                        body=body,
                        next_attempt_at=now,
                        created_at=now,
                    )
                    for n in range(count)
                ],
                batch_size=1000,
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            connection.close()
            env = {**os.environ, "LAKSA_DB_CONN_MAX_AGE": "60"}
            command = [sys.executable, "-m", "laksa", "notify-send", "--once", "-v", "0"]
            command += ["--batch", str(batch), "--threads", str(threads)]
            t0 = time.perf_counter()
            procs = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(workers)]
            for proc in procs:
                assert proc.wait(600) == 0
            elapsed = time.perf_counter() - t0
            sent = Message.objects.filter(status=MessageStatus.SENT).count()
        finally:
            counts = stop_gateway(gateway)
        delivered = counts["delivered"] - 1000  # less the ceiling's own POSTs
        rate = count / elapsed
        print(
            f"  {engine}: {count} messages, {workers} worker(s) x {threads} threads, batch {batch}:"
            f" {elapsed:.2f} s = {rate:.0f} messages/s (process start-up included);"
            f" {sent} sent, {delivered} delivered by the gateway."
            f" Gateway ceiling, one plain session: {raw:.0f} POST/s; ratio {rate / raw:.2f}"
        )
        assert sent == count == delivered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.engine == "both":
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.outbox_drain", "--engine", engine,
                 "--messages", str(args.messages), "--workers", str(args.workers),
                 "--threads", str(args.threads), "--batch", str(args.batch)],
                check=True,
            )  # fmt: skip
        return
    run(args.engine, args.messages, args.workers, args.threads, args.batch)


if __name__ == "__main__":
    main()
