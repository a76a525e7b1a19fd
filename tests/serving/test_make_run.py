"""`make run`'s server as a user and an attacker meet it (scripts/serve): nginx in front, pages on
gunicorn, the live stream on uvicorn, the worker, all under supervisord. One origin answers
everything; a slow body holds no page thread (issue 16, finding 1); a killed process comes back
by itself and nothing is left on the port (finding 6)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.asgi_server import ROOT, free_port, server_environment

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
if NGINX is None and not os.environ.get("CI"):
    pytest.skip("make run needs nginx (apt-get install nginx-light)", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Served:
    port: int
    var: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def run(self) -> Path:
        return self.var / "run"

    def get(self, path: str, timeout: float = 10) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response

    def pid(self, name: str) -> int:
        return int((self.run / name).read_text().strip())

    def ours(self) -> set[int]:
        """Every process started for this server: they carry scripts/serve's marker."""
        marker = f"LAKSA_SERVE_RUN={self.run}".encode()
        found = set()
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    if marker in (proc / "environ").read_bytes().split(b"\0"):
                        found.add(int(proc.name))
                except OSError:
                    continue
        return found


def wait_for(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except (OSError, ValueError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    return False


def stream_answers(port: int, *, context: ssl.SSLContext | None = None) -> bool:
    """Whether the live stream's own server answers behind nginx: it starts beside the pages'
    server, not with it, and until it listens nginx answers the stream 502."""
    conn: http.client.HTTPConnection = (
        http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=context)
        if context
        else http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    )
    try:
        conn.request("GET", "/live/stream")
        return conn.getresponse().status == 200
    finally:
        conn.close()


def start(var: Path, port: int) -> Served:
    log = var / f"serve-{port}.log"
    env = server_environment({"LAKSA_DEV": "1", "LAKSA_VAR_DIR": str(var), "PORT": str(port)})
    for name in ("LAKSA_ENV", "LAKSA_REDIS_URL", "LAKSA_TEST_NOW"):
        env.pop(name, None)
    process = subprocess.Popen(
        ["scripts/serve"], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    served = Served(port, var, process, log)
    # supervisord is exec'd in the script's place: once its pid file names it, whatever an
    # earlier run left on the port is gone and the answer comes from this server.
    if not wait_for(
        lambda: (
            served.pid("supervisord.pid") == process.pid
            and served.get("/masuk/", timeout=2).status == 200
            and stream_answers(port)
        )
    ):
        process.kill()
        pytest.fail(f"scripts/serve did not answer: {log.read_text()}")
    return served


@pytest.fixture
def served(city: object, tmp_path: Path) -> Iterator[Served]:
    server = start(tmp_path, free_port())
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
            server.process.wait(30)
        for pid in server.ours():
            os.kill(pid, signal.SIGKILL)


def test_one_origin_serves_pages_apis_and_the_live_stream(served: Served) -> None:
    page = served.get("/statistik/")
    assert page.status == 200
    assert page.getheader("Server") == "nginx"
    assert served.get("/open311/v2/services.json").status == 200

    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request("GET", "/live/stream")
    stream = conn.getresponse()
    assert stream.status == 200
    assert stream.getheader("Content-Type", "").startswith("text/event-stream")
    # Not held in a proxy buffer: the stream's opening lines arrive while it stays open.
    assert stream.readline().startswith(b"retry:")
    conn.close()


def test_slow_bodies_hold_no_page_thread(served: Served) -> None:
    """Finding 1: 16 clients trickling a body used to hold all 16 page threads."""
    slow = []
    for _ in range(24):
        sock = socket.create_connection(("127.0.0.1", served.port))
        sock.sendall(
            b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=X\r\nContent-Length: 100000\r\n\r\nxx"
        )
        slow.append(sock)
    try:
        time.sleep(1)
        for sock in slow:
            sock.sendall(b"xx")
        answered = served.get("/statistik/", timeout=8)
        assert answered.status == 200
    finally:
        for sock in slow:
            sock.close()


def test_a_killed_page_server_comes_back_and_leaves_nothing_behind(served: Served) -> None:
    master = served.pid("gunicorn.pid")
    workers = {int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()}
    assert workers
    os.kill(master, signal.SIGKILL)
    assert wait_for(lambda: served.pid("gunicorn.pid") != master)
    assert wait_for(lambda: served.get("/statistik/", timeout=2).status == 200)
    # The old master's workers noticed and went: nobody but the new server answers.
    assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers))


@pytest.mark.parametrize(("program", "running"), [(b"run_huey", 1), (b"intake-drain", 2)])
def test_a_dead_worker_is_restarted_not_the_whole_service(
    served: Served, program: bytes, running: int
) -> None:
    """The huey worker runs once and the intake drain twice (INTAKE_DRAINS); a killed one comes
    back alone."""

    def worker() -> set[int]:
        return {
            pid for pid in served.ours() if program in Path(f"/proc/{pid}/cmdline").read_bytes()
        }

    assert wait_for(lambda: len(worker()) == running)
    before = min(worker())
    os.kill(before, signal.SIGKILL)
    assert wait_for(lambda: len(worker()) == running and before not in worker())
    assert served.process.poll() is None
    assert served.get("/statistik/").status == 200


def test_stopping_stops_everything_and_a_killed_supervisor_is_cleaned_up(served: Served) -> None:
    supervisor = served.pid("supervisord.pid")
    os.kill(supervisor, signal.SIGKILL)
    served.process.wait(10)
    assert served.ours(), "its children outlive a supervisor killed outright"

    again = start(served.var, served.port)  # the next start clears what was left on the port
    served.process = again.process
    assert again.get("/statistik/").status == 200

    again.process.send_signal(signal.SIGTERM)
    again.process.wait(30)
    assert wait_for(lambda: not served.ours(), seconds=15)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", served.port), timeout=1)


def test_a_body_above_the_fronts_limit_is_refused_in_the_callers_format(served: Served) -> None:
    """nginx refuses 300 MB before reading it; the answer still comes in the API's JSON and
    Open311's XML, from Django's own per-path limit."""
    for path, expected in (
        ("/api/v1/reports", b'"payload_too_large"'),
        ("/open311/v2/requests.xml", b"<errors><error><code>413</code>"),
    ):
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "multipart/form-data; boundary=X")
        conn.putheader("Content-Length", str(300 * 1024 * 1024))
        conn.endheaders(b"--X")
        answer = conn.getresponse()
        assert answer.status == 413
        assert expected in answer.read()
        conn.close()


def test_a_message_at_a_door_is_handled_by_the_drains_without_a_task(served: Served) -> None:
    """make run turns the door's task off (LAKSA_INBOX_TASK=0): the SMS gateway's message is
    stored and answered, and one of the two drain processes, looking every quarter second,
    handles it (not the worker's drain every minute: within seconds)."""
    from laksa.intake.models import ChannelAccount, InboxMessage, Kind
    from laksa.intake.sms.inbound import SIGNATURE_HEADER, sign
    from laksa.org.models import Jurisdiction

    ChannelAccount.objects.create(
        jurisdiction=Jurisdiction.objects.get(),
        kind=Kind.SMS_GATEWAY,
        name="sms-gateway",
        secrets={"secret": "rahasia-gateway-uji-123"},
    )
    body = b'{"id": "gw-1", "from": "081234567890", "to": "1708", "text": "INFO"}'
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request(
        "POST",
        "/kanal/sms/gateway/sms-gateway/",
        body,
        {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign("rahasia-gateway-uji-123", body),
        },
    )
    response = conn.getresponse()
    assert response.status == 200, response.read()
    assert InboxMessage.objects.count() == 1
    assert wait_for(
        lambda: InboxMessage.objects.filter(handled_at__isnull=False).exists(), seconds=5
    ), list(InboxMessage.objects.values("attempts", "last_error", "outcome"))
    pages = [
        pid for pid in served.ours() if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert pages and all(
        b"LAKSA_INBOX_TASK=0" in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        for pid in pages
    )


def test_it_refuses_to_start_without_a_drain(tmp_path: Path) -> None:
    env = server_environment({"LAKSA_DEV": "1", "LAKSA_VAR_DIR": str(tmp_path), "PORT": "1"})
    done = subprocess.run(
        ["scripts/serve"],
        cwd=ROOT,
        env={**env, "INTAKE_DRAINS": "0"},
        capture_output=True,
        timeout=30,
    )
    assert done.returncode == 2 and b"INTAKE_DRAINS" in done.stderr
