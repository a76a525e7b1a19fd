"""Inbound messages through a channel's webhook: SMS by the generic gateway (issue 12) and
WhatsApp Cloud API (issue 13); the target of both is 500 messages/s accepted on 2 cores.

Acceptance: keep-alive clients POST signed webhooks (`--channel sms`: `X-Laksa-Signature` over a
new `LAPOR ... #<kelurahan>` message; `--channel whatsapp`: `X-Hub-Signature-256` over a Cloud API
notification of one new text message), to the page server `make run` starts (gunicorn laksa.wsgi,
two workers x 4 threads; without the nginx in front of it), and for comparison under uvicorn
laksa.asgi (two workers).
The door stores each message in the intake inbox (one INSERT) and, as under make run
(LAKSA_INBOX_TASK=0), queues no task: make run's drain processes find the rows. With
LAKSA_INBOX_TASK=1 in the bench's environment the door queues the huey task after commit as where
no drain process runs (huey's SQLite file by default, Redis with LAKSA_REDIS_URL: give the bench a
Redis database of its own, e.g. redis://127.0.0.1:6379/14; the bench flushes its queue there
afterwards). No huey consumer or drain runs meanwhile, so the figure is the door's alone. In the same run and server, the floor:
the same webhook with a forged signature (403: the account looked up and the HMAC checked, nothing
written). Afterwards a count: every message answered 200 must be an inbox row.

Drain: then --drain fresh messages accepted in-process are made into reports by --workers
`laksa intake-drain --once` processes (start-up included), the rate beside the acceptance rate.

Keeping up (`--keep-up RATE`, 0 to skip): then the whole of `make run` (scripts/serve: nginx,
the page server, the huey worker and the intake drain) takes signed webhooks sent at RATE messages
a second for --seconds, through its one port, and the bench waits until every accepted message is
handled: the backlog when the sending stops, and how long the rest took, show whether the work
after the answer keeps up with that rate.

    .venv/bin/python -m bench.inbound [--channel sms|whatsapp] [--engine sqlite|postgres|both]
        [--clients 32] [--seconds 10] [--drain 1000] [--workers 2] [--keep-up 0]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

from bench.common import ROOT, bench_database, read_answer
from bench.serve import free_port

SERVERS = {
    "gunicorn laksa.wsgi, 2 workers x 4 threads (make run's page server)": [
        "-m", "gunicorn", "laksa.wsgi:application", "--workers", "2", "--threads", "4",
        "--worker-class", "gthread", "--log-level", "warning",
    ],
    "uvicorn laksa.asgi, 2 workers": [
        "-m", "uvicorn", "laksa.asgi:application", "--workers", "2", "--no-access-log",
        "--log-level", "warning",
    ],
}  # fmt: skip
SECRET = "bench-secret-0123456789"


@dataclass(frozen=True)
class Door:
    """What the bench needs of a channel: its account, its webhook and how a body is signed."""

    kind: str
    path: str
    secrets: dict[str, str]
    header: str
    sign: Callable[[str, bytes], str]
    body: Callable[[int, str], bytes]
    """The n-th message's webhook body, naming a kelurahan."""
    stored: Callable[[int, str], Any]
    """The n-th message as inbox.accept takes it, for the drain."""


def sms_door() -> Door:
    from laksa.intake.sms.inbound import SIGNATURE_HEADER, Sms, sign

    return Door(
        kind="sms-gateway",
        path="/kanal/sms/gateway/bench/",
        secrets={"secret": SECRET},
        header=SIGNATURE_HEADER,
        sign=sign,
        body=lambda n, place: json.dumps(
            {
                "id": f"bench-{n}",
                "from": f"+62812{n % 10_000_000:07d}",
                "text": f"LAPOR lampu jalan mati di gang {n} #{place}",
            }
        ).encode(),
        stored=lambda n, place: Sms(
            f"+62813{n:07d}", f"LAPOR got mampet di gang {n} #{place}", f"d-{n}"
        ),
    )


def whatsapp_door() -> Door:
    from laksa.intake.inbox import ChatMessage
    from laksa.intake.meta import SIGNATURE_HEADER, sign

    def message(n: int, place: str) -> dict[str, Any]:
        # An ID-card complaint wants no photo: one text with a kelurahan makes the report.
        return {"from": f"62812{n % 10_000_000:07d}", "id": f"wamid.bench-{n}",
                "timestamp": "1764997200", "type": "text",
                "text": {"body": f"Antrean KTP di kantor kelurahan {place} lama sekali ({n})"}}  # fmt: skip

    def body(n: int, place: str) -> bytes:
        value = {"messaging_product": "whatsapp",
                 "metadata": {"display_phone_number": "6281115002930", "phone_number_id": "1"},
                 "contacts": [{"profile": {"name": "Warga"}, "wa_id": message(n, place)["from"]}],
                 "messages": [message(n, place)]}  # fmt: skip
        return json.dumps(
            {"object": "whatsapp_business_account",
             "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}
        ).encode()  # fmt: skip

    def stored(n: int, place: str) -> ChatMessage:
        item = message(-n - 1, place)
        item["text"]["body"] = item["text"]["body"].replace("KTP", "KK")
        return ChatMessage(
            message_id=item["id"], sender=item["from"], text=item["text"]["body"],
            payload={"message": item, "name": "Warga"},
        )  # fmt: skip

    return Door(
        kind="whatsapp",
        path="/kanal/whatsapp/bench/",
        secrets={"app_secret": SECRET, "verify_token": "bench", "access_token": "bench"},
        header=SIGNATURE_HEADER,
        sign=sign,
        body=body,
        stored=stored,
    )


DOORS = {"sms": sms_door, "whatsapp": whatsapp_door}


async def poster(
    door: Door,
    port: int,
    bodies: Iterator[bytes],
    forged: bool,
    until: float,
    codes: list[int],
    times: list[float],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        codes.append(await send(door, reader, writer, next(bodies), forged))
        times.append(time.perf_counter() - t0)
    writer.close()


async def send(
    door: Door,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    body: bytes,
    forged: bool = False,
) -> int:
    """One signed webhook on a keep-alive connection; its answer's status."""
    signature = door.sign("forged" if forged else SECRET, body)
    head = (
        f"POST {door.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{door.header}: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    writer.write(head + body)
    return await read_answer(reader)


def load(
    door: Door, port: int, bodies: Iterator[bytes], forged: bool, clients: int, seconds: float
) -> tuple[list[int], list[float]]:
    codes: list[int] = []
    times: list[float] = []
    until = time.perf_counter() + seconds

    async def run() -> None:
        await asyncio.gather(
            *(poster(door, port, bodies, forged, until, codes, times) for _ in range(clients))
        )

    asyncio.run(run())
    return codes, times


def line(what: str, codes: list[int], times: list[float], seconds: float) -> str:
    ordered = sorted(times)
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return (
        f"    {what:34s} {len(codes) / seconds:7.1f}/s, median {statistics.median(times) * 1000:5.0f} ms, "
        f"p99 {p99:5.0f} ms"
    )


def bench(
    channel: str,
    engine: str,
    clients: int,
    seconds: float,
    drain: int,
    workers: int,
    keep_up_rate: float = 0,
) -> None:
    with bench_database(engine):
        from django.conf import settings
        from django.core.management import call_command

        from laksa.intake.models import ChannelAccount, InboxMessage, Kind
        from laksa.org.models import Area, AreaLevel, Jurisdiction

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        city = Jurisdiction.objects.get()
        door = DOORS[channel]()
        ChannelAccount.objects.create(
            jurisdiction=city, kind=Kind(door.kind), name="bench", secrets=door.secrets
        )
        places = list(
            Area.objects.filter(level=AreaLevel.KELURAHAN).values_list("name", flat=True)
        ) or ["Cipondoh"]
        numbers = count(1)

        def messages() -> Iterator[bytes]:
            for n in numbers:
                yield door.body(n, places[n % len(places)])

        bodies = messages()
        queue = settings.HUEY["huey_class"].rsplit(".", 1)[-1]
        print(
            f"{channel}, {engine}: {clients} keep-alive clients, {seconds:.0f} s a phase, "
            f"huey queue {queue}"
        )
        for name, command in SERVERS.items():
            port = free_port()
            bind = (
                ["--bind", f"127.0.0.1:{port}"] if "gunicorn" in command else ["--port", str(port)]
            )
            with tempfile.TemporaryFile() as log:  # Django logs each 403: kept out of the figures
                server = subprocess.Popen(
                    [sys.executable, *command, *bind],
                    cwd=ROOT,
                    env={"LAKSA_INBOX_TASK": "0", **os.environ},
                    stderr=log,
                )
                try:
                    time.sleep(4)
                    load(door, port, bodies, False, 4, 2)  # warm up
                    before = InboxMessage.objects.count()
                    floor_codes, floor_times = load(door, port, bodies, True, clients, seconds)
                    codes, times = load(door, port, bodies, False, clients, seconds)
                    made = InboxMessage.objects.count() - before
                finally:
                    server.terminate()
                    server.wait(10)
                log.seek(0)
                output = log.read().decode(errors="replace").splitlines()
            errors = [x for x in output if "Forbidden" not in x]
            ok = sum(1 for c in codes if c == 200)
            ratio = len(codes) / max(len(floor_codes), 1)
            print(f"  {name}")
            print(line("forged signature (403, the floor)", floor_codes, floor_times, seconds))
            print(line("accepted messages", codes, times, seconds))
            print(
                f"    {ok} answered 200, {len(codes) - ok} other; {made} inbox rows "
                f"({'none lost' if made == ok else 'MISMATCH'}); {ratio:.2f} of the floor's rate; "
                f"forged answered 403: {sum(1 for c in floor_codes if c == 403)}/{len(floor_codes)}"
            )
            for error in errors[-5:]:
                print(f"    server: {error}")
        drain_rate(door, drain, workers, places)
        from huey.contrib.djhuey import HUEY

        HUEY.flush()  # the tasks the doors queued: no consumer will run them
        if keep_up_rate:
            keep_up(door, bodies, keep_up_rate, clients, seconds)
            HUEY.flush()


async def paced(
    door: Door, port: int, bodies: Iterator[bytes], due: Iterator[float], codes: list[int]
) -> None:
    """One keep-alive client sending each next message at its due time (open loop: a slow answer
    makes this client late, the others go on)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for at in due:
        wait = at - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        codes.append(await send(door, reader, writer, next(bodies)))
    writer.close()


def keep_up(door: Door, bodies: Iterator[bytes], rate: float, clients: int, seconds: float) -> None:
    """`make run` as a city runs it takes messages at `rate` a second; how far behind is its
    drain when the sending stops, and when has it handled them all."""
    from bench.http import cpu_now, laksa_server
    from bench.http import free_port as front_port
    from laksa.intake.models import InboxMessage

    after = InboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    fresh = InboxMessage.objects.filter(id__gt=after)
    port = front_port()
    with laksa_server(port):
        time.sleep(3)  # the worker and the drain connect
        total = int(rate * seconds)
        cpu_before = cpu_now()
        start = time.perf_counter() + 0.5
        codes: list[int] = []

        async def run() -> None:
            await asyncio.gather(
                *(
                    paced(
                        door,
                        port,
                        bodies,
                        iter(start + n / rate for n in range(c, total, clients)),
                        codes,
                    )
                    for c in range(clients)
                )
            )

        asyncio.run(run())
        sent_for = time.perf_counter() - start
        accepted = sum(1 for c in codes if c == 200)
        backlog = fresh.filter(handled_at__isnull=True).count()
        handled_then = fresh.count() - backlog
        deadline = time.perf_counter() + 300
        while backlog and time.perf_counter() < deadline:
            time.sleep(0.25)
            backlog = fresh.filter(handled_at__isnull=True).count()
        done_at = time.perf_counter() - start
        cpu_after = cpu_now()
    from bench.http import failures

    if failures:
        raise SystemExit("make run did not stop cleanly:\n" + "\n".join(failures))
    rows = fresh.count()
    print(
        f"  keeping up, make run (scripts/serve: nginx, pages, worker, drain): {len(codes)} messages"
        f" sent in {sent_for:.1f} s ({len(codes) / sent_for:.0f}/s, asked {rate:.0f}/s), {accepted}"
        f" answered 200, {rows} inbox rows ({'none lost' if rows == accepted else 'MISMATCH'})"
    )
    print(
        f"    when the sending stopped: {handled_then} handled, {rows - handled_then} waiting;"
        f" all handled {done_at:.1f} s after the first was sent"
        f" ({rows / done_at:.0f} handled/s over the whole run)"
        + (f"; {backlog} STILL WAITING after 300 s" if backlog else "")
    )
    used: dict[str, float] = {}
    for pid, (name, spent) in cpu_after.items():
        then = cpu_before.get(pid)
        program = name.split("/")[0]
        used[program] = used.get(program, 0.0) + max(spent - (then[1] if then else 0.0), 0.0)
    busy = sum(used.values()) / (done_at * (os.cpu_count() or 1))
    shown = sorted(((v, k) for k, v in used.items() if v >= 0.01 * done_at), reverse=True)
    print(
        f"    cores {busy:.0%} busy until then; ms of CPU a message: "
        + ", ".join(f"{name} {spent * 1000 / max(rows, 1):.2f}" for spent, name in shown[:7])
    )


def drain_rate(door: Door, drain: int, workers: int, places: list[str]) -> None:
    """Fresh rows made into reports by `laksa intake-drain --once` processes."""
    from django.db import connection

    from laksa.intake import inbox
    from laksa.intake.models import ChannelAccount, InboxMessage
    from laksa.lib import clock
    from laksa.reports.models import Report

    left = InboxMessage.objects.filter(handled_at__isnull=True).update(
        handled_at=clock.now(), outcome="skipped"
    )  # the acceptance phases' rows: not part of this measure
    account = ChannelAccount.objects.get(name="bench")
    inbox.accept(account, [door.stored(n, places[n % len(places)]) for n in range(drain)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()
    before = Report.objects.count()
    command = [sys.executable, "-m", "laksa", "intake-drain", "--once", "-v", "0"]
    env = {**os.environ, "LAKSA_DB_CONN_MAX_AGE": "60"}
    t0 = time.perf_counter()
    procs = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(workers)]
    for proc in procs:
        assert proc.wait(600) == 0
    elapsed = time.perf_counter() - t0
    made = Report.objects.count() - before
    pending = InboxMessage.objects.filter(handled_at__isnull=True).count()
    print(
        f"  drain: {drain} messages by {workers} `laksa intake-drain --once` process(es):"
        f" {elapsed:.1f} s = {drain / elapsed:.1f} reports/s (start-up included);"
        f" {made} reports, {pending} left pending ({left} accepted rows set aside first)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channel", choices=sorted(DOORS), default="sms")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--drain", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-up", type=float, default=0, help="messages/s through make run")
    args = parser.parse_args()
    if args.engine == "both":  # one process each: Django is set up once per process
        for engine in ("sqlite", "postgres"):
            subprocess.run(
                [sys.executable, "-m", "bench.inbound", "--channel", args.channel,
                 "--engine", engine,
                 "--clients", str(args.clients), "--seconds", str(args.seconds),
                 "--drain", str(args.drain), "--workers", str(args.workers),
                 "--keep-up", str(args.keep_up)],
                check=True,
            )  # fmt: skip
        return
    bench(
        args.channel,
        args.engine,
        args.clients,
        args.seconds,
        args.drain,
        args.workers,
        args.keep_up,
    )


if __name__ == "__main__":
    main()
