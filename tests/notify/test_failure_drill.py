"""Issue 12's failure drill: the gateway is down while 1,000 notifications pile up, comes back,
and every message is delivered exactly once; a worker killed with SIGKILL in the middle loses
none and doubles none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from laksa.notify.models import Attempt, Message, MessageStatus
from laksa.notify.outbox import LEASE, drain, send_due
from laksa.reports import actions
from tests.asgi_server import ROOT, server_environment

PHONE = actions.ContactInput(phone="0812-3456-7293")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def pile_up(make_report, operator, count: int) -> None:
    """`count` messages through real actions: one acknowledgement, then the LIVE Room's replies."""
    report = make_report(contact=PHONE)
    for n in range(count - 1):
        actions.reply_to_citizen(report, by=operator, text=f"Kabar ke-{n}")
    assert Message.objects.count() == count


def assert_exactly_once(gateway, count: int) -> None:
    keys = {str(k) for k in Message.objects.values_list("send_key", flat=True)}
    assert Message.objects.filter(status=MessageStatus.SENT).count() == count
    assert set(gateway.delivered) == keys  # every message arrived, nothing else did
    assert len(gateway.delivered) == count
    bodies = sorted(m["text"] for m in gateway.delivered.values())
    assert bodies == sorted(Message.objects.values_list("body", flat=True))


def test_it_delivers_a_thousand_messages_once_after_an_outage(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    gateway.down()
    pile_up(make_report, operator, 1000)
    assert drain() == 1000  # each tried once, none delivered
    assert not Message.objects.exclude(status=MessageStatus.QUEUED).exists()
    clock.shift(minutes=10)
    gateway.up()
    assert drain() == 1000
    assert_exactly_once(gateway, 1000)
    assert max(gateway.posts.values()) == 1
    ok = Attempt.objects.filter(ok=True)
    assert ok.count() == ok.values("message").distinct().count() == 1000


def test_it_sends_again_with_the_same_key_when_a_worker_dies_before_recording(
    make_report, operator, sms_account, gateway, clock
):
    clock.at("2026-12-01T09:00")
    pile_up(make_report, operator, 20)

    class Died(BaseException):
        pass

    def die() -> None:
        raise Died

    with pytest.raises(Died):
        send_due(batch=10, after_send=die)  # ten sent, none recorded
    assert len(gateway.delivered) == 10
    drain()  # the other ten; the dead worker's rows wait for its lease
    assert Message.objects.filter(status=MessageStatus.SENDING).count() == 10
    clock.shift(LEASE + timedelta(seconds=1))
    drain()
    assert_exactly_once(gateway, 20)
    assert sorted(gateway.posts.values()) == [1] * 10 + [2] * 10  # resent, deduplicated


def _worker(*args: str) -> subprocess.Popen[bytes]:
    env = server_environment({"LAKSA_NOTIFY_LEASE": "2"})
    return subprocess.Popen(
        [sys.executable, "-m", "laksa", "notify-send", "-v", "0", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_it_loses_none_and_doubles_none_when_the_worker_is_killed(
    make_report, operator, sms_account, gateway
):
    pile_up(make_report, operator, 1000)
    # The worker runs on the real clock, the test's rows on the session's: make them all due.
    Message.objects.update(next_attempt_at=LONG_AGO)
    # About 200 a second over four threads: the 700 left after the 300th take seconds, so a
    # test slow to kill the worker on a loaded machine still kills it part way.
    gateway.state.delay = 0.02
    worker = _worker("--batch", "50", "--threads", "4")
    deadline = time.monotonic() + 60
    while len(gateway.delivered) < 300 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    delivered_at_kill = len(gateway.delivered)
    assert 300 <= delivered_at_kill < 1000, worker.stderr.read().decode() if worker.stderr else ""
    gateway.state.delay = 0
    time.sleep(2.5)  # the dead worker's lease runs out
    again = _worker("--once")
    assert again.wait(120) == 0, again.stderr.read().decode() if again.stderr else ""
    assert_exactly_once(gateway, 1000)
    resent = sum(1 for n in gateway.posts.values() if n > 1)
    print(f"killed after {delivered_at_kill} deliveries; {resent} sent twice, delivered once")
