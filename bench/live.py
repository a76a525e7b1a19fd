"""The live stream under load: N concurrent SSE clients, fanned out by PostgreSQL LISTEN/NOTIFY (or
polling on SQLite). A report event is committed from this process, like an operator's action from
another server; we time its arrival at every client and read the servers' memory before and after
the clients connect.

`--serve make-run` (the default) starts `scripts/serve` as `make run` does and connects through its
nginx to the stream's uvicorn (`--workers` of them, STREAM_WORKERS); the memory is nginx's and the
stream servers'. `--serve uvicorn` connects straight to `uvicorn laksa.asgi --workers N`.

    .venv/bin/python -m bench.live [--clients 5000] [--workers 2] [--rounds 10] [--engine postgres]
        [--serve make-run|uvicorn]

Traffic goes to 127.0.0.1 only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, bench_database

ID_LINE = re.compile(rb"^id: (\d+)$", re.M)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    # uvicorn's supervisor spawns the workers (and a resource tracker, which is not one)
    return [
        int(p) for p in out.split()
        if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text(errors="ignore")
    ]  # fmt: skip


def stream_pids(run: Path) -> list[int]:
    """scripts/serve's nginx and the stream's uvicorn processes (its workers, with several)."""
    marker = f"LAKSA_SERVE_RUN={run}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit() or marker not in (proc / "environ").read_bytes():
                continue
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"nginx" in command or b"stream.sock" in command or b"spawn_main" in command:
            found.append(int(proc.name))
    return found


def ready(port: int) -> None:
    """Wait until the server answers a page (a minute at most)."""
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """A raw HTTP/1.1 SSE reader: it only looks for `id:` lines (httpx would be the bottleneck)."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self, port: int) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(
            b"GET /live/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(head.decode(errors="replace"))

    async def run(self) -> None:
        assert self.reader is not None
        while True:
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            now = time.perf_counter()
            for match in ID_LINE.finditer(chunk):
                self.seen.setdefault(int(match.group(1)), now)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(
    port: int, clients: int, rounds: int, commit: Callable[[], tuple[int, float]]
) -> dict[str, float]:
    readers = [Client() for _ in range(clients)]
    started = time.perf_counter()
    for i in range(0, clients, 250):  # in waves, so the listen backlog never overflows
        await asyncio.gather(*(c.connect(port) for c in readers[i : i + 250]))
    connect_s = time.perf_counter() - started
    tasks = [asyncio.create_task(c.run()) for c in readers]
    await asyncio.sleep(2)
    lasts, medians = [], []
    for _ in range(rounds):
        event_id, committed = await asyncio.to_thread(commit)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(event_id in c.seen for c in readers):
            await asyncio.sleep(0.005)
        arrivals = [c.seen[event_id] - committed for c in readers if event_id in c.seen]
        missing = clients - len(arrivals)
        if missing:
            raise RuntimeError(f"{missing} clients never got event {event_id}")
        lasts.append(max(arrivals) * 1000)
        medians.append(statistics.median(arrivals) * 1000)
        await asyncio.sleep(0.5)
    for c in readers:
        c.close()
    for t in tasks:
        t.cancel()
    return {
        "connect_s": connect_s,
        "last_median_ms": statistics.median(lasts),
        "last_max_ms": max(lasts),
        "client_median_ms": statistics.median(medians),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--serve", choices=["make-run", "uvicorn"], default="make-run")
    args = parser.parse_args()
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with bench_database(args.engine):
        from django.core.management import call_command

        from laksa.catalog.models import Category
        from laksa.reports import actions

        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
        category = Category.objects.get(code="PJU-MTI")
        port = free_port()
        env = {**os.environ, "LAKSA_LIVE_KEEPALIVE": "15", "LAKSA_DB_CONN_MAX_AGE": "0"}
        if args.serve == "make-run":
            env.update(HOST="127.0.0.1", PORT=str(port), STREAM_WORKERS=str(args.workers))
            command = ["scripts/serve"]
        else:
            command = [sys.executable, "-m", "uvicorn", "laksa.asgi:application", "--port",
                       str(port), "--workers", str(args.workers), "--log-level", "warning",
                       "--no-access-log", "--timeout-graceful-shutdown", "1", "--backlog", "4096"]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            ready(port)
            pids = (
                stream_pids(Path(os.environ["LAKSA_VAR_DIR"]).resolve() / "run")
                if args.serve == "make-run"
                else worker_pids(server.pid)
            )
            # one stream per worker first, so each worker's hub has started before measuring
            asyncio.run(_warm(port, args.workers * 4))
            before = sum(rss_kib(p) for p in pids)
            n = [0]

            def commit() -> tuple[int, float]:
                n[0] += 1
                report = actions.create_report(
                    actions.NewReport(
                        category=category,
                        description=f"Lampu mati nomor {n[0]}",
                        lat=-6.1783,
                        lng=106.6319,
                        channel="web",
                    )
                )
                committed = time.perf_counter()
                return report.events.get().pk, committed

            holder: dict[str, float] = {}

            async def measure() -> None:
                task = asyncio.create_task(load(port, args.clients, args.rounds, commit))
                while not task.done():
                    await asyncio.sleep(1)
                    holder["rss"] = max(holder.get("rss", 0), sum(rss_kib(p) for p in pids))
                holder.update(task.result())

            asyncio.run(measure())
            per_conn = (holder["rss"] - before) / args.clients
            print(
                f"{args.clients} clients, {args.serve}: {args.workers} uvicorn workers "
                f"({args.engine}): "
                f"connected in {holder['connect_s']:.1f} s; commit to last client: median "
                f"{holder['last_median_ms']:.0f} ms, worst {holder['last_max_ms']:.0f} ms over "
                f"{args.rounds} events (median client {holder['client_median_ms']:.0f} ms); "
                f"memory {before / 1024:.0f} MiB -> {holder['rss'] / 1024:.0f} MiB, "
                f"{per_conn:.1f} KiB per connection"
            )
        finally:
            server.terminate()
            server.wait(30)


async def _warm(port: int, count: int) -> None:
    clients = [Client() for _ in range(count)]
    await asyncio.gather(*(c.connect(port) for c in clients))
    for c in clients:
        c.close()


if __name__ == "__main__":
    main()
