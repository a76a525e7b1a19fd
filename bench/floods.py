"""The cheap attacks of issue 16 against `make run`'s server, with its real limits, bounded in count
and time: slow bodies, a pixel flood, an oversized upload, a password guesser, a report flood and
double support votes. Each prints what it sent, what came back and whether the service held.

    .venv/bin/python -m bench.floods [--small]

The server is `scripts/serve` as `make run` starts it (nginx, gunicorn, uvicorn, the worker) on a
fresh SQLite database with the demo city, and with the per-address limits of laksa/settings.py
(LAKSA_RATES), which bench/__init__.py lifts for every other benchmark. Exits non-zero when
something did not hold.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bench.common import bench_database
from bench.http import free_port, load_city, started
from bench.photo_flood import flood_png

failed: list[str] = []
CATEGORY = "LH-SMP"  # rubbish: a demo category without required questions


def verdict(held: bool, what: str) -> None:
    print(f"  {'held' if held else 'FAILED'}: {what}", flush=True)
    if not held:
        failed.append(what)


def page_times(base: str, count: int) -> list[tuple[int, float]]:
    """A citizen opening the statistics page meanwhile: (status, seconds) of each try."""
    seen = []
    for _ in range(count):
        t0 = time.perf_counter()
        try:
            status = requests.get(f"{base}/statistik/", timeout=10).status_code
        except requests.RequestException:
            status = 0
        seen.append((status, time.perf_counter() - t0))
        time.sleep(0.2)
    return seen


def describe(seen: list[tuple[int, float]]) -> str:
    times = [t for _, t in seen]
    statuses = sorted({s for s, _ in seen})
    return (
        f"/statistik/ answered {statuses} to {len(seen)} tries, median "
        f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms"
    )


def slow_bodies(base: str, port: int, connections: int, seconds: float) -> None:
    print(f"\nslow bodies: {connections} connections sending a report's body at 2 bytes/s")
    socks = []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(
            b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=X\r\nContent-Length: 100000\r\n\r\n"
        )
        socks.append(sock)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(1):
            for sock in socks:
                with contextlib.suppress(OSError):
                    sock.sendall(b"xx")

    threading.Thread(target=trickle, daemon=True).start()
    time.sleep(1)
    seen = page_times(base, int(seconds / 0.3))
    stop.set()
    for sock in socks:
        sock.close()
    print(f"  {describe(seen)}")
    verdict(all(s == 200 and t < 2 for s, t in seen), "pages answer within 2 s meanwhile")


def rss_of_pages(run: Path) -> int:
    """Resident memory of gunicorn's master and workers, in bytes."""
    master = int((run / "gunicorn.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in [master, *map(int, children)]:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def pixel_flood(base: str, run: Path, requests_count: int) -> None:
    png = flood_png()
    print(
        f"\npixel flood: {requests_count} requests at once, with 5 or 3 PNGs of 6320x6320 "
        f"({len(png) // 1024} KiB each), fewer than the per-address report limit"
    )
    before = rss_of_pages(run)

    def send(n: int) -> int:
        # Five are over the per-request pixel budget; three (120 MP) are under it and decoded.
        photos = 5 if n % 2 == 0 else 3
        files = [("photos", (f"p{i}.png", io.BytesIO(png), "image/png")) for i in range(photos)]
        data = {"category": CATEGORY, "description": f"Banjir piksel {n}", "lat": "-6.178",
                "lng": "106.63"}  # fmt: skip
        answer = requests.post(f"{base}/api/v1/reports", data=data, files=files, timeout=120)
        if answer.status_code >= 300 and answer.headers.get("content-type", "").startswith(
            "application/json"
        ):
            errors = answer.json().get("errors") or [{}]
            said.add(f"{answer.status_code} {errors[0].get('message', '')}".strip())
        return answer.status_code

    said: set[str] = set()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(requests_count + 1) as pool:
        answers = [pool.submit(send, n) for n in range(requests_count)]
        seen = pool.submit(page_times, base, 10).result()
        statuses = [a.result() for a in answers]
    grew = rss_of_pages(run) - before
    print(
        f"  answers {sorted(statuses)} in {time.perf_counter() - t0:.1f} s; the page workers' "
        f"memory grew {grew / 2**20:+.0f} MiB; {describe(seen)}"
    )
    for line in sorted(said):
        print(f"  {line}")
    verdict(all(s < 500 for s in statuses), "no server error")
    verdict(grew < 1024 * 2**20, "the page workers grew by less than 1 GiB")
    verdict(all(s == 200 for s, _ in seen), "pages kept answering")


def oversized_upload(port: int) -> None:
    print("\noversized upload: a 300 MB body announced to POST /api/v1/reports")
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
        b"boundary=X\r\nContent-Length: 314572800\r\n\r\n"
    )
    sock.settimeout(0.05)
    chunk, sent, answer = b"x" * 65536, 0, b""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 20 and not answer:
        try:
            answer = sock.recv(4096)
            break
        except TimeoutError:
            pass
        try:
            sock.sendall(chunk)
            sent += len(chunk)
        except OSError:
            break
    if not answer:
        sock.settimeout(5)
        with contextlib.suppress(OSError):
            answer = sock.recv(4096)
    sock.close()
    head = answer.split(b"\r\n", 1)[0].decode(errors="replace")
    print(
        f"  answered {head!r} after {time.perf_counter() - t0:.2f} s, {sent / 2**20:.1f} MiB "
        f"sent; JSON: {b'payload_too_large' in answer}"
    )
    verdict(head.startswith("HTTP/1.1 413") and b"payload_too_large" in answer,
            "refused with 413 in the API's JSON")  # fmt: skip
    verdict(sent < 8 * 2**20, "refused before 8 MiB of it were read")


def password_guesser(base: str, username: str, password: str, tries: int) -> None:
    print(f"\npassword guesser: {tries} wrong passwords for {username}, then the right one")
    session = requests.Session()
    statuses = []
    for n in range(tries):
        session.get(f"{base}/masuk/", timeout=10)
        token = session.cookies.get("csrftoken", "")
        answer = session.post(
            f"{base}/masuk/",
            data={"username": username, "password": f"salah-{n}", "csrfmiddlewaretoken": token},
            allow_redirects=False, timeout=10,
        )  # fmt: skip
        statuses.append(answer.status_code)
    token = session.cookies.get("csrftoken", "")
    right = session.post(
        f"{base}/masuk/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    refused = statuses.index(429) if 429 in statuses else None
    print(
        f"  wrong passwords answered {statuses.count(200)} x 200, {statuses.count(429)} x 429 "
        f"(first 429 at try {None if refused is None else refused + 1}); the right one then: "
        f"{right.status_code}"
    )
    verdict(refused is not None, "the guesser is locked out")
    verdict(right.status_code == 429, "the right password waits for the lock to end")


def report_flood(base: str, count: int) -> str | None:
    print(
        f"\nreport flood: {count} more reports from the same address, as fast as they go "
        "(the pixel flood's count towards the same limit)"
    )
    statuses, code = [], None
    t0 = time.perf_counter()
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (64, 64), (90, 90, 90)).save(png, "JPEG")
    for n in range(count):
        answer = requests.post(
            f"{base}/api/v1/reports",
            data={"category": CATEGORY, "description": f"Lubang ke-{n}", "lat": "-6.178",
                  "lng": "106.63"},
            files=[("photos", ("p.jpg", io.BytesIO(png.getvalue()), "image/jpeg"))],
            timeout=30,
        )  # fmt: skip
        statuses.append(answer.status_code)
        if answer.status_code == 201 and code is None:
            code = answer.json().get("code")
    accepted = statuses.count(201)
    print(
        f"  {accepted} accepted, {statuses.count(429)} refused with 429, others "
        f"{sorted(s for s in statuses if s not in (201, 429))}, in {time.perf_counter() - t0:.1f} s"
    )
    verdict(accepted < count and statuses.count(429) == count - accepted,
            "accepted up to the limit, then 429")  # fmt: skip
    return code


def support_twice(base: str, code: str) -> None:
    print("\nsupport votes: two empty votes for one report from one client")
    path = f"{base}/api/v1/reports/{code}/support"
    answers = [requests.post(path, json={}, timeout=10).json() for _ in range(2)]
    print(f"  answers {answers}")
    verdict([a.get("counted") for a in answers] == [True, False]
            and answers[0].get("support_count") == answers[1].get("support_count"),
            "counted once")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="fewer connections and requests")
    args = parser.parse_args()
    for name in list(os.environ):
        if name.startswith("LAKSA_RATE_"):  # this bench is about the real limits
            del os.environ[name]
    os.environ.pop("LAKSA_REDIS_URL", None)
    with bench_database("sqlite"):
        from django.contrib.auth import get_user_model

        load_city()
        password = "benar-sekali-123"
        user = get_user_model().objects.get(username="operator1")
        user.set_password(password)
        user.save()
        port = free_port()
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LAKSA_DEV": "1"}
        run = Path(os.environ["LAKSA_VAR_DIR"]).resolve() / "run"
        with started("scripts/serve", ["scripts/serve"], env, port, ["/", "/statistik/"]) as base:
            slow_bodies(base, port, 24 if args.small else 256, 3 if args.small else 10)
            pixel_flood(base, run, 2 if args.small else 8)
            oversized_upload(port)
            password_guesser(base, "operator1", password, 12 if args.small else 40)
            code = report_flood(base, 14 if args.small else 30)
            if code:
                support_twice(base, code)
    if failed:
        print("\nFAILED:\n" + "\n".join(f"  {x}" for x in failed))
        sys.exit(1)
    print("\nevery attack held")


if __name__ == "__main__":
    main()
