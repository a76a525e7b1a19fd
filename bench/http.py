"""Laksa over HTTP beside the floor (issue 15): requests/s, median and p99 of what clients ask most,
each as a fraction of a trivial Django view measured in the same run.

Method. One command prepares a fresh database (SQLite alone, as the embedded default; or
PostgreSQL with Redis, as production would have them), loads the demo city without its reports
(`laksa load-demo --reports 0`: areas, agencies, the 30 categories, staff), gives the bench an
Open311 key without a rate limit, and stores N reports. Then, for each N, it starts the server
exactly as `make run` does (`scripts/serve` with HOST, PORT, WEB_WORKERS=2 and LAKSA_DEV=1, the
background worker included; the per-address limits lifted by bench/__init__.py), waits until it
answers, loads it with wrk (keep-alive connections, two threads), stops it with SIGTERM and checks
that nothing it started is left running or listening.

The floor (STYLE.md 17). Requests/s on a shared 2-core box move with whatever else runs there, so
a figure alone says little; the same box's best case, measured in the same run, moves with it. The
floor is one Django view answering 57 bytes of JSON (bench/floor: no apps, no middleware, no
database) under gunicorn with 2 sync workers: about the cheapest way Django answers on two cores.
It is measured before and after Laksa's rows at each N, and each row's ratio is to their mean: 0.25
means Laksa answers a quarter as many of those requests as Django can answer at all. Client and
servers share the cores, for the floor as for Laksa; a large gap between the two floor rows says
the machine was busy meanwhile.

Rows: Open311 POST requests.json (a form body with api_key, a real service code, the centre of a
kelurahan, a new description each time so that no request looks like a retry) at 50 connections
and at one connection (where p50 and p99 are the point); GET services.json (no key, as a public
client asks); GET / (home); GET /r/<code>/, the tracking page of a public report made through
Open311 when the server starts. Every 2xx POST is checked afterwards: the service_request_id it
answered must be a row, and the table must have grown by at least as many (a request cut by the
end of a run may add a row nobody read: shown as "cut at the stop"). wrk's p50 and p99 are of the
answered requests only: a connection starved for the whole row adds no figure, only fewer req/s.
Before the rows, one second of each path warms both workers (skipped below 5 s a row). After each
table, where the machine's CPU went during each row, from /proc: milliseconds a request by program
(gunicorn, nginx, postgres, wrk, ...) and how busy the cores were; a row that leaves the cores idle
is held by something else (a lock, a disk flush).

Stored reports are raw INSERTs into the city (its categories and agencies, points around each
kelurahan's centre, three years of dates, statuses as a city has them; every other column its
model default), without events, so the background worker's jobs have nothing to catch up on. The
POST rows' reports come on top, so the header gives the count at the start. PostgreSQL gets ANALYZE
afterwards, as autovacuum would; SQLite does not, as Laksa never runs it.

    .venv/bin/python -m bench.http [--engine sqlite|postgres|both] [--reports 0,100000,1000000]
        [--seconds 15] [--connections 50] [--small]

`--small` (what `python -m bench --small` runs): SQLite, 0 and 200 stored reports, 2 s a row.
Needs wrk (Debian: apt-get install wrk). LAKSA_BENCH_REDIS names the Redis database PostgreSQL
runs get (redis://127.0.0.1:6379/13 by default; flushed before and after).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.common import ROOT, bench_database

SERVICE_CODE = "PJU-MTI"
REDIS_URL = os.environ.get("LAKSA_BENCH_REDIS", "redis://127.0.0.1:6379/13")
TARGETS = {
    "post": {"sqlite": ">= 0.12", "postgres": ">= 0.2"},
    "post1": {"sqlite": "p99 < 50 ms", "postgres": "p99 < 50 ms"},
    "services": {"sqlite": ">= 0.5", "postgres": ">= 0.5"},
    "home": {"sqlite": ">= 0.25", "postgres": ">= 0.25"},
    "track": {"sqlite": ">= 0.25", "postgres": ">= 0.25"},
}
STATUSES = ["new", "verified", "dispatched", "in_progress", "done", "closed", "closed", "closed"]
SEED_PREFIX = "SEED-"
failures: list[str] = []
"""What went wrong without stopping the run (a lost row, a process left running): exit 1."""


# --- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def processes() -> Iterator[tuple[int, str, list[str]]]:
    """Every process now: its pid, program name and the fields of /proc/<pid>/stat after the
    name (state, parent, ..., so `fields[1]` is the parent, `fields[19]` the start time)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        yield int(entry.name), name, stat[stat.rindex(")") + 2 :].split()


def descendants(pid: int) -> dict[int, str]:
    """Every process below `pid` or in its session (from /proc), with its start time, to know
    them after a stop (a daemon that forked away from its parent keeps the session)."""
    parents: dict[int, int] = {}
    started: dict[int, str] = {}
    found: dict[int, str] = {}
    for each, _name, fields in processes():
        parents[each] = int(fields[1])
        started[each] = fields[19]
        if int(fields[3]) == pid and each != pid:
            found[each] = fields[19]
    todo = [pid, *found]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = started[child]
                todo.append(child)
    return found


def still_running(processes: dict[int, str]) -> dict[int, str]:
    """Those of `processes` alive now (same pid, same start time), with their command lines."""
    alive: dict[int, str] = {}
    for pid, start in processes.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[19] != start or fields[0] == "Z":
                continue
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            alive[pid] = command.decode(errors="replace").strip()[:120]
        except (OSError, ValueError, IndexError):
            continue
    return alive


def status_of(url: str) -> int | None:
    """The HTTP status `url` answers with, None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return None


def answers(url: str) -> bool:
    status = status_of(url)
    return status is not None and 200 <= status < 300


@contextmanager
def started(
    name: str, command: list[str], env: dict[str, str], port: int, ready: list[str]
) -> Iterator[str]:
    """Run `command` until the block ends: ready when every path of `ready` answers 2xx; stopped
    with SIGTERM to the one process started, then checked: nothing it started may be left."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

        def tail() -> str:
            log.seek(0)
            lines = log.read().decode(errors="replace").splitlines()[-25:]
            return "\n".join(f"    {name}: {line}" for line in lines)

        try:
            wait_until_ready(name, proc, f"http://127.0.0.1:{port}", ready, tail)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(name, proc, port, tail)


def wait_until_ready(
    name: str, proc: subprocess.Popen[bytes], base: str, ready: list[str], tail: Callable[[], str]
) -> None:
    deadline = time.monotonic() + 120
    waiting = list(ready)
    while waiting:
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited ({proc.returncode}) before answering:\n{tail()}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} did not answer {waiting[0]} in 120 s:\n{tail()}")
        status = status_of(base + waiting[0])
        if status == 500:  # Django answers, and fails: waiting will not mend it
            raise SystemExit(f"{name} answered {waiting[0]} with 500:\n{tail()}")
        if status is not None and 200 <= status < 300:
            waiting.pop(0)
        else:  # nothing yet, or the proxy's 502 while the workers start
            time.sleep(0.2)


def stop(name: str, proc: subprocess.Popen[bytes], port: int, tail: Callable[[], str]) -> None:
    """SIGTERM to the process started, as a service manager or Ctrl-C would; then nothing it
    started may be left, nor anything listening on its port. What is left is killed and failed."""
    family = descendants(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        failures.append(f"{name} still running 30 s after SIGTERM")
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10  # children may outlive their parent by a moment
    while (left := still_running(family)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid, command_line in left.items():
        failures.append(f"{name}: process {pid} left running after SIGTERM: {command_line}")
        os.kill(pid, signal.SIGKILL)
    if listening(port):
        failures.append(f"{name}: something still listens on port {port} after SIGTERM")
    if proc.returncode not in (0, -signal.SIGTERM):
        failures.append(f"{name} ended with {proc.returncode}:\n{tail()}")


def laksa_server(port: int) -> AbstractContextManager[str]:
    """`make run`'s server: scripts/serve, as the Makefile's `run` target starts it."""
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_WORKERS": "2",
           "LAKSA_DEV": "1"}  # fmt: skip
    return started(
        "scripts/serve", ["scripts/serve"], env, port, ["/", "/open311/v2/services.json"]
    )


def floor_server(port: int) -> AbstractContextManager[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
    command = [sys.executable, "-m", "gunicorn", "bench.floor.wsgi:application", "--workers",
               "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    return started("floor (gunicorn)", command, env, port, ["/"])


# --- load -----------------------------------------------------------------------------------------

LUA = r"""
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

ok, other, n, codes, statuses = 0, 0, 0, {}, {}
local post = %(post)s
local head = {["Content-Type"] = "application/x-www-form-urlencoded"}
local points = {%(points)s}

function request()
  if not post then return wrk.request() end
  n = n + 1
  local point = points[(n + id) %% #points + 1]
  local body = "%(form)s" .. point .. "&description=Lampu+jalan+mati+di+gang+%(tag)s-" .. id
    .. "-" .. n
  return wrk.format("POST", "%(path)s", head, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    if post then
      local code = body:match('"service_request_id"%%s*:%%s*"([^"]+)"')
      if code then codes[#codes + 1] = code end
    end
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local all_ok, all_other, by_status = 0, 0, {}
  local out = io.open("%(codes)s", "w")
  for _, thread in ipairs(threads) do
    all_ok = all_ok + thread:get("ok")
    all_other = all_other + thread:get("other")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    for _, code in ipairs(thread:get("codes")) do out:write(code, "\n") end
  end
  out:close()
  local e = summary.errors
  io.write(string.format(
    "@@ requests=%%.0f duration_us=%%.0f p50_us=%%.0f p99_us=%%.0f ok=%%.0f other=%%.0f " ..
    "connect=%%.0f read=%%.0f write=%%.0f timeout=%%.0f\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    all_ok, all_other, e.connect, e.read, e.write, e.timeout))
  for status, count in pairs(by_status) do io.write(string.format("@@status %%d=%%d\n", status, count)) end
end
"""
"""wrk's script for every row (Python %-formatted): GET rows send wrk's own request, POST rows a
new form each time; each thread counts its 2xx and the rest by status, and keeps the codes the
POSTs answered; `done` writes the codes to a file and the figures as `@@` lines on stdout."""


@dataclass
class Post:
    """What a POST row sends: the form without its point and description, and points to use."""

    path: str
    form: str
    points: list[tuple[float, float]]


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    ok: int
    other: int
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    codes: list[str] = field(default_factory=list)
    note: str = ""
    cpu: str = ""
    """Where the machine's CPU went during the row (`cpu_during`)."""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(
    base: str, path: str, seconds: int, connections: int, post: Post | None = None, tag: str = ""
) -> Result:
    """One wrk run: `connections` keep-alive connections (two threads) for `seconds`."""
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        codes_file = Path(tmp) / "codes"
        script = Path(tmp) / "row.lua"
        points = (
            ", ".join(f'"&lat={lat:.6f}&long={lng:.6f}"' for lat, lng in post.points)
            if post
            else '""'
        )
        script.write_text(
            LUA
            % {
                "post": "true" if post else "false",
                "form": post.form if post else "",
                "path": post.path if post else path,
                "points": points,
                "tag": tag,
                "codes": codes_file,
            }
        )
        threads = max(1, min(2, connections))
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                   "--latency", "--timeout", "30s", "-s", str(script), base + path]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
        if done.returncode != 0 or "@@ " not in done.stdout:
            raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
        figures: dict[str, float] = {}
        statuses: dict[int, int] = {}
        for line in done.stdout.splitlines():
            if line.startswith("@@ "):
                figures = {k: float(v) for k, v in (x.split("=") for x in line[3:].split())}
            elif line.startswith("@@status "):
                status, count = line[9:].split("=")
                statuses[int(status)] = int(count)
        codes = codes_file.read_text().split() if codes_file.exists() else []
    return Result(
        requests=int(figures["requests"]),
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        ok=int(figures["ok"]),
        other=int(figures["other"]),
        statuses=statuses,
        socket_errors={k: int(figures[k]) for k in ("connect", "read", "write", "timeout")},
        codes=codes,
    )


def cpu_now() -> dict[int, tuple[str, float]]:
    """Every process's program name and CPU seconds so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    return {
        pid: (name, (int(fields[11]) + int(fields[12])) / tick) for pid, name, fields in processes()
    }


def cpu_during(run: Callable[[], Result]) -> Result:
    """`run()`, with where the machine's CPU went meanwhile: milliseconds a request by program
    (gunicorn, nginx, postgres, wrk, ...) and how busy the cores were. A row that leaves them
    idle is held by something other than CPU: a lock, a disk flush."""
    before, clock, own = cpu_now(), time.monotonic(), os.times()
    result = run()
    after, elapsed, done = cpu_now(), time.monotonic() - clock, os.times()
    by_program: dict[str, float] = {}
    for pid, (name, seconds) in after.items():
        then = before.get(pid)  # a kernel worker's name changes with its work: the pid only
        used = seconds - then[1] if then else seconds
        program = name.split("/")[0]
        by_program[program] = by_program.get(program, 0.0) + max(used, 0.0)
    by_program["wrk"] = (done.children_user + done.children_system) - (
        own.children_user + own.children_system
    )
    busy = sum(by_program.values()) / (elapsed * (os.cpu_count() or 1))
    shown = sorted(((v, k) for k, v in by_program.items() if v >= 0.01 * elapsed), reverse=True)
    per = 1000 / max(result.requests, 1)
    result.cpu = f"cores {busy:.0%} busy; ms a request: " + ", ".join(
        f"{name} {seconds * per:.2f}" for seconds, name in shown[:6]
    )
    return result


# --- data -----------------------------------------------------------------------------------------


def seed(target: int) -> int:
    """Store reports in the city until `target` of them are the bench's (the POST rows' reports
    come on top): raw INSERTs in batches, every column of the model filled (its default where
    the bench does not choose), so a new column cannot break the bench. Returns how many."""
    from django.db import connection, transaction

    from laksa.catalog.models import Category
    from laksa.lib import clock
    from laksa.lib.geo import cell_of
    from laksa.org.models import Area, AreaLevel, Jurisdiction
    from laksa.reports.models import Report

    have = Report.objects.filter(code__startswith=SEED_PREFIX).count()
    if have >= target:
        return 0
    city = Jurisdiction.objects.get()
    categories = list(Category.objects.filter(jurisdiction=city).values_list("pk", "agency_id"))
    areas = list(
        Area.objects.filter(jurisdiction=city, level=AreaLevel.KELURAHAN).values_list(
            "pk", "parent_id", "centroid_lat", "centroid_lng"
        )
    )
    chosen = ["jurisdiction", "code", "secret", "category", "agency", "description", "lat", "lng",
              "h3_r9", "kelurahan", "kecamatan", "status", "channel", "created_at", "updated_at",
              "verified_at", "dispatched_at", "done_at", "closed_at"]  # fmt: skip
    fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
    fixed = {}
    for f in fields:
        if f.name in chosen:
            continue
        value = None if f.null and not f.has_default() else f.get_default()
        if value is None and not f.null:
            raise SystemExit(f"bench.http seed(): reports_report.{f.column} needs a value")
        fixed[f.name] = f.get_db_prep_save(value, connection)
    names = [f.name for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = f"INSERT INTO reports_report ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    stamp = connection.ops.adapt_datetimefield_value
    first = have
    rnd = random.Random(15 + first)
    now = clock.now()
    t0 = time.perf_counter()
    for start in range(first, first + target - have, 20_000):
        rows = []
        for n in range(start, min(first + target - have, start + 20_000)):
            kelurahan, kecamatan, clat, clng = areas[n % len(areas)]
            lat, lng = clat + rnd.uniform(-0.004, 0.004), clng + rnd.uniform(-0.004, 0.004)
            category, agency = categories[n % len(categories)]
            created = now - timedelta(seconds=rnd.randrange(3 * 365 * 86400))
            status = rnd.choice(STATUSES)
            step = STATUSES.index(status)
            later = [stamp(created + timedelta(hours=h)) if step >= i else None
                     for i, h in ((1, 2), (2, 5), (4, 70), (5, 100))]  # fmt: skip
            row = {**fixed, "jurisdiction": city.pk, "code": f"{SEED_PREFIX}{n:08d}",
                   "secret": f"seed-secret-{n}", "category": category, "agency": agency,
                   "description": f"Laporan warga nomor {n}", "lat": lat, "lng": lng,
                   "h3_r9": cell_of(lat, lng), "kelurahan": kelurahan, "kecamatan": kecamatan,
                   "status": status, "channel": "web", "created_at": stamp(created),
                   "updated_at": stamp(created), "verified_at": later[0],
                   "dispatched_at": later[1], "done_at": later[2], "closed_at": later[3]}  # fmt: skip
            rows.append([row[name] for name in names])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    added = target - have
    print(f"  stored {added:,} reports in {time.perf_counter() - t0:.1f} s", flush=True)
    return added


def post_form(key: str) -> Post:
    from laksa.org.models import Area, AreaLevel

    centres = list(
        Area.objects.filter(level=AreaLevel.KELURAHAN)
        .order_by("code")
        .values_list("centroid_lat", "centroid_lng")
    )
    form = urlencode({"api_key": key, "service_code": SERVICE_CODE})
    return Post("/open311/v2/requests.json", form, centres[::5] or [(-6.1783, 106.6319)])


def tracked_report(base: str, post: Post) -> str:
    """A public report made through Open311 now, for the tracking page's row."""
    lat, lng = post.points[0]
    body = f"{post.form}&lat={lat}&long={lng}&description=Lampu+jalan+mati+untuk+dipantau"
    request = urllib.request.Request(base + post.path, data=body.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        code = json.loads(response.read())[0]["service_request_id"]
    if not answers(f"{base}/r/{code}/"):
        raise SystemExit(f"the tracking page of {code}, just made, does not answer 2xx")
    return str(code)


def settled_count() -> int:
    """The reports, once requests cut at the end of a run have committed (or given up)."""
    from laksa.reports.models import Report

    count, deadline = Report.objects.count(), time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(0.5)
        again = Report.objects.count()
        if again == count:
            break
        count = again
    return count


def check_rows(result: Result, before: int) -> None:
    """Every 2xx POST answered a code: each must be a row, and the table grew by as many."""
    from laksa.reports.models import Report

    grew = settled_count() - before
    found = sum(
        Report.objects.filter(code__in=result.codes[i : i + 500]).count()
        for i in range(0, len(result.codes), 500)
    )
    lost = result.ok - min(found, grew)
    unread = grew - result.ok
    if len(result.codes) != result.ok:
        failures.append(f"POST: {result.ok} answered 2xx, {len(result.codes)} with a code")
        result.note = f"{result.ok:,} 2xx but {len(result.codes):,} codes read; {grew:,} new rows"
    elif lost > 0:
        failures.append(f"POST: {result.ok} answered 2xx but {found} of their codes are rows")
        result.note = f"{result.ok:,} 2xx, {grew:,} new rows: {lost:,} LOST"
    else:
        result.note = f"{result.ok:,} 2xx = rows, none lost"
        if unread > 0:
            result.note += f" (+{unread} cut at the stop)"
    result.note += refusals(result)


def refusals(result: Result) -> str:
    parts = [f"{count:,}x {status}" for status, count in sorted(result.statuses.items())]
    parts += [f"{count} {kind} errors" for kind, count in result.socket_errors.items() if count]
    return f"; refused: {', '.join(parts)}" if parts else "; 0 refused"


# --- the run ----------------------------------------------------------------------------------------


def fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def load_city() -> str:
    """The demo city without reports, as `make run` loads it, and an Open311 key with no limit."""
    from django.core.management import call_command
    from django.test import override_settings

    from laksa.org.models import Application, Jurisdiction

    # The demo's 26 staff passwords cost 13 s of PBKDF2 on two cores; nobody signs in here.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", "--reports", "0", stdout=io.StringIO())
    app, key = Application.create_with_key(Jurisdiction.objects.get(), "bench.http")
    Application.objects.filter(pk=app.pk).update(requests_per_minute=1_000_000_000)
    return key


def rows_of(post: Post, code: str, connections: int) -> dict[str, tuple[str, str, int]]:
    """The table's rows: name: (what, path, connections)."""
    return {
        # The reads first: after the POST rows the background worker is still busy with their
        # reports (notifications, counting), and would take the cores from the reads.
        "services": ("GET /open311/v2/services.json", "/open311/v2/services.json", connections),
        "home": ("GET / (home)", "/", connections),
        "track": (f"GET /r/{code}/ (tracking page)", f"/r/{code}/", connections),
        "post": ("Open311 POST requests.json (form, api_key)", post.path, connections),
        "post1": ("the same, one connection", post.path, 1),
    }


def one_size(
    floor: str, post: Post, seconds: int, connections: int, tag: str
) -> tuple[Result, Result, dict[str, Result], dict[str, tuple[str, str, int]]]:
    """Start Laksa as `make run` does, measure every row between two floor rows, stop it."""

    t0 = time.perf_counter()
    with laksa_server(free_port()) as base:
        print(f"  scripts/serve answered in {time.perf_counter() - t0:.1f} s", flush=True)
        code = tracked_report(base, post)
        rows = rows_of(post, code, connections)
        if seconds >= 5:  # both workers warm on every path; short runs (--small) go cold
            for name, (_, path, conns) in rows.items():
                wrk(base, path, 1, conns, post if name.startswith("post") else None, f"w{tag}")
            wrk(floor, "/", 1, connections)
        floor_before = wrk(floor, "/", seconds, connections)
        results: dict[str, Result] = {}
        for name, (what, path, conns) in rows.items():
            if name.startswith("post"):
                before = settled_count()
                results[name] = cpu_during(
                    lambda: wrk(base, path, seconds, conns, post, f"{tag}{name}")  # noqa: B023
                )
                check_rows(results[name], before)
            else:
                results[name] = result = cpu_during(
                    lambda: wrk(base, path, seconds, conns)  # noqa: B023
                )
                result.note = f"{result.ok:,} 2xx" + refusals(result)
                if result.other:
                    failures.append(f"{what}: {result.other} answers not 2xx")
        floor_after = wrk(floor, "/", seconds, connections)
        t0 = time.perf_counter()
    print(f"  scripts/serve stopped in {time.perf_counter() - t0:.1f} s", flush=True)
    return floor_before, floor_after, results, rows


def measure(engine: str, sizes: list[int], seconds: int, connections: int) -> None:
    from laksa.reports.models import Report

    t0 = time.perf_counter()
    post = post_form(load_city())
    print(f"  city loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    flat: list[tuple[int, float, float]] = []
    with floor_server(free_port()) as floor:
        for size in sizes:
            seed(size)
            stored = Report.objects.count()
            floor_before, floor_after, results, rows = one_size(
                floor, post, seconds, connections, f"{os.getpid()}n{size}"
            )
            rate = statistics.mean([floor_before.rate, floor_after.rate])
            print(
                f"\n{engine}, {stored:,} stored reports at the start; wrk {connections} connections,"
                f" {seconds} s a row; the floor made {fmt(floor_before.rate)} req/s before Laksa's"
                f" rows and {fmt(floor_after.rate)} after: ratios are to their mean\n"
            )
            print("| measure | req/s | p50 ms | p99 ms | / floor | target | answers |")
            print("|---|---|---|---|---|---|---|")
            for what, r in (("floor, before", floor_before), ("floor, after", floor_after)):
                print(
                    f"| {what}: a Django view under gunicorn, 2 sync workers | {fmt(r.rate)} | "
                    f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.rate / rate:.2f} | | {r.ok:,} 2xx"
                    f"{refusals(r)} |"
                )
            for name, r in results.items():
                print(
                    f"| {rows[name][0]} | {fmt(r.rate)} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                    f"{r.rate / rate:.3f} | {TARGETS[name][engine]} | {r.note} |"
                )
            print(f"\nWhere the CPU went during each of Laksa's rows ({os.cpu_count()} cores):")
            for name, r in results.items():
                print(f"- {rows[name][0]}: {r.cpu}")
            print(flush=True)
            flat.append((stored, results["post"].rate / rate, results["track"].rate / rate))
    if len(flat) > 1:
        print(f"{engine}, as the city grows (ratios to the floor; target: within 10% of the first)")
        print("| stored reports | POST / floor | change | tracking page / floor | change |")
        print("|---|---|---|---|---|")
        for stored, post_ratio, track_ratio in flat:
            print(
                f"| {stored:,} | {post_ratio:.3f} | {post_ratio / flat[0][1] - 1:+.0%} | "
                f"{track_ratio:.3f} | {track_ratio / flat[0][2] - 1:+.0%} |"
            )


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run(engine: str, sizes: list[int], seconds: int, connections: int) -> None:
    if engine == "postgres":  # as production would have it: the cache, limits and queue in Redis
        os.environ["LAKSA_REDIS_URL"] = REDIS_URL
        flush_redis()
    else:  # the embedded default: nothing beside the SQLite file
        os.environ.pop("LAKSA_REDIS_URL", None)
    print(f"bench.http on {engine}: reports {', '.join(f'{n:,}' for n in sizes)}", flush=True)
    try:
        with bench_database(engine):
            measure(engine, sizes, seconds, connections)
    finally:
        if engine == "postgres":
            flush_redis()
    if failures:
        print("\nFAILED:\n" + "\n".join(f"  {x}" for x in failures))
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--reports", default=None, help="stored reports, e.g. 0,100000,1000000")
    parser.add_argument("--seconds", type=int, default=None, help="a row (default 15)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--small", action="store_true", help="SQLite, 0 and 200 reports, 2 s a row")
    args = parser.parse_args()
    engine = args.engine or ("sqlite" if args.small else "both")
    reports = args.reports or ("0,200" if args.small else "0,100000,1000000")
    seconds = args.seconds or (2 if args.small else 15)
    sizes = [int(x.replace("_", "")) for x in reports.split(",")]
    if not shutil.which("wrk"):
        sys.exit("bench.http needs wrk, the HTTP load generator: apt-get install wrk")
    if engine == "both":  # one process each: Django is set up once per process
        codes = [
            subprocess.run(
                [sys.executable, "-m", "bench.http", "--engine", one, "--reports", reports,
                 "--seconds", str(seconds), "--connections", str(args.connections)],
            ).returncode
            for one in ("sqlite", "postgres")
        ]  # fmt: skip
        sys.exit(1 if any(codes) else 0)
    run(engine, sizes, seconds, args.connections)


if __name__ == "__main__":
    main()
