"""The production recipe (docs/operations.md, "Serving"): the machine's nginx with
deploy/nginx/laksa-site.conf ending TLS, in front of `FRONT=none scripts/serve` in production mode.
Plain HTTP is sent to HTTPS, Django knows the request was secure (it sends HSTS), and the live
stream passes through unbuffered."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.asgi_server import ROOT, free_port, server_environment
from tests.serving.test_make_run import NGINX, stream_answers, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

MAIN = """daemon off;
master_process off;
pid {conf}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {conf}/body;
    proxy_temp_path {conf}/proxy;
    fastcgi_temp_path {conf}/fastcgi;
    uwsgi_temp_path {conf}/uwsgi;
    scgi_temp_path {conf}/scgi;
    include {conf}/laksa-site.conf;
}}
"""


def render(template: str, out: Path, env: dict[str, str]) -> None:
    subprocess.run(["deploy/render", template, str(out)], cwd=ROOT, env=env, check=True)


@pytest.fixture
def site(city: object, tmp_path: Path) -> Iterator[tuple[int, int]]:
    conf = tmp_path / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (conf / sub).mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(conf / "key.pem"), "-out", str(conf / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    run = tmp_path / "run"
    env = {
        **os.environ, "RUN": str(run), "CONF": str(conf), "DOMAIN": "127.0.0.1",
        "HTTP_PORT": str(http_port), "HTTPS_PORT": str(https_port),
        "CERT": str(conf / "cert.pem"), "CERT_KEY": str(conf / "key.pem"),
    }  # fmt: skip
    for name in ("laksa-site.conf", "laksa-upstreams.conf", "laksa-locations.conf"):
        render(f"deploy/nginx/{name}", conf / name, env)
    (conf / "nginx.conf").write_text(MAIN.format(conf=conf))

    app_env = server_environment(
        {
            "FRONT": "none", "LAKSA_ENV": "production", "LAKSA_VAR_DIR": str(tmp_path),
            "LAKSA_SECRET_KEY": secrets.token_urlsafe(50),
            "LAKSA_CLIENT_IP_HEADER": "X-Forwarded-For",
        }
    )  # fmt: skip
    for name in ("LAKSA_DEV", "LAKSA_REDIS_URL", "LAKSA_TEST_NOW", "PYTEST_VERSION"):
        app_env.pop(name, None)
    log = tmp_path / "serve.log"
    app = subprocess.Popen(
        ["scripts/serve"], cwd=ROOT, env=app_env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    assert NGINX is not None
    front = subprocess.Popen(
        [NGINX, "-e", "stderr", "-p", str(conf), "-c", str(conf / "nginx.conf")],
        stdout=(tmp_path / "nginx.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        if not wait_for(
            lambda: (
                get(https_port, "/masuk/").status == 200
                and stream_answers(https_port, context=insecure())
            )
        ):
            pytest.fail(f"{log.read_text()}\n{(tmp_path / 'nginx.log').read_text()}")
        yield http_port, https_port
    finally:
        front.terminate()
        app.send_signal(signal.SIGTERM)
        front.wait(10)
        app.wait(30)


def insecure() -> ssl.SSLContext:
    """The test's certificate is its own, signed by nobody."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def get(port: int, path: str, *, tls: bool = True) -> http.client.HTTPResponse:
    if tls:
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=insecure()
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    if not path.startswith("/live/"):
        response.read()
    return response


def test_plain_http_is_sent_to_https(site: tuple[int, int]) -> None:
    http_port, https_port = site
    answer = get(http_port, "/statistik/", tls=False)
    assert answer.status == 301
    assert answer.getheader("Location") == f"https://127.0.0.1:{https_port}/statistik/"


def test_django_behind_the_proxy_knows_the_request_was_secure(site: tuple[int, int]) -> None:
    _, https_port = site
    page = get(https_port, "/statistik/")
    assert page.status == 200
    assert "max-age=" in (page.getheader("Strict-Transport-Security") or "")
    stream = get(https_port, "/live/stream")
    assert stream.status == 200
    assert stream.getheader("Content-Type", "").startswith("text/event-stream")
    assert stream.readline().startswith(b"retry:")
