"""An X account on an OAuth 2.0 user token (two hours) with a refresh token: the token is
refreshed before it runs out, the new pair kept on the account, and used until it runs out in
turn; a refresh token X refuses makes the message fail for good with what to do, and X busy
makes it wait."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from laksa.intake.models import ChannelAccount
from laksa.intake.outbound import PermanentError, TemporaryError
from laksa.intake.x.outbound import send
from tests.intake.x.conftest import CITIZEN, Outgoing
from tests.intake.x.fake_x import FakeX


@pytest.fixture
def oauth2(x_account: ChannelAccount, fake_x: FakeX) -> ChannelAccount:
    """The account as `laksa channel add` leaves it: a token of unknown age, its refresh token."""
    fake_x.access_token = "token-baru-lain"  # the one X takes: not the account's, which is old
    x_account.secrets = {**x_account.secrets, "refresh_token": "segar-0"}
    x_account.settings = {**x_account.settings, "client_id": "klien-uji"}
    x_account.save()
    return x_account


def test_a_token_of_unknown_age_is_refreshed_then_kept_two_hours(
    oauth2: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    now = clock.at("2026-12-06T09:00")
    send(Outgoing(CITIZEN, "Laporan diterima"), oauth2)
    assert fake_x.sent == [{"to": CITIZEN, "text": "Laporan diterima"}]
    assert fake_x.refreshes == [
        {"grant_type": "refresh_token", "refresh_token": "segar-0", "client_id": "klien-uji"}
    ]
    stored = ChannelAccount.objects.get(pk=oauth2.pk)
    assert stored.secret("access_token") == "token-baru-1"
    assert stored.secret("refresh_token") == "segar-1"
    expires = datetime.fromisoformat(stored.secret("access_token_expires_at"))
    assert expires == now + timedelta(hours=2)

    clock.shift(minutes=90)
    send(Outgoing(CITIZEN, "Sudah diverifikasi"), stored)
    assert len(fake_x.refreshes) == 1  # still good for half an hour

    clock.shift(minutes=26)  # four minutes left: refreshed first, with the rotated token
    send(Outgoing(CITIZEN, "Sedang dikerjakan"), stored)
    assert [r["refresh_token"] for r in fake_x.refreshes] == ["segar-0", "segar-1"]
    assert len(fake_x.sent) == 3


def test_another_workers_refresh_is_used_not_repeated(
    oauth2: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    stale_copy = ChannelAccount.objects.get(pk=oauth2.pk)  # a process's remembered account
    send(Outgoing(CITIZEN, "satu"), oauth2)
    send(Outgoing(CITIZEN, "dua"), stale_copy)  # reads the row again under its lock
    assert len(fake_x.refreshes) == 1
    assert stale_copy.secret("access_token") == "token-baru-1"
    assert len(fake_x.sent) == 2


def test_a_refused_refresh_token_fails_the_message_for_good(
    oauth2: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    fake_x.refresh_token = "dicabut"  # revoked: X no longer knows ours
    with pytest.raises(PermanentError, match="otorisasi ulang aplikasi"):
        send(Outgoing(CITIZEN, "halo"), oauth2)
    assert fake_x.sent == []


def test_the_refused_token_message_reads_in_english_too(
    oauth2: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    """The operator reads it on the outbox screen, in the language the worker runs in."""
    clock.at("2026-12-06T09:00")
    fake_x.refresh_token = "dicabut"
    with translation.override("en"), pytest.raises(PermanentError, match="authorise the app"):
        send(Outgoing(CITIZEN, "halo"), oauth2)


def test_x_busy_at_refresh_makes_the_message_wait(
    oauth2: ChannelAccount, fake_x: FakeX, clock: Any
) -> None:
    clock.at("2026-12-06T09:00")
    fake_x.token_status = 503
    with pytest.raises(TemporaryError):
        send(Outgoing(CITIZEN, "halo"), oauth2)
    assert ChannelAccount.objects.get(pk=oauth2.pk).secret("refresh_token") == "segar-0"
