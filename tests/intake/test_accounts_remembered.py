"""A webhook reads its account on every message: a process remembers it, and forgets it the moment
an account is saved or deleted here (a new secret, an account switched off)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from laksa.intake.accounts import account_named
from laksa.intake.models import ChannelAccount, Kind
from laksa.org.models import Jurisdiction
from laksa.org.selectors import current_jurisdiction


def test_it_reads_an_account_once(city: Jurisdiction) -> None:
    account = ChannelAccount.objects.create(jurisdiction=city, kind=Kind.WHATSAPP, name="wa")
    current_jurisdiction()
    assert account_named("wa", Kind.WHATSAPP) == account
    with CaptureQueriesContext(connection) as queries:
        assert account_named("wa", Kind.WHATSAPP) == account
        assert account_named("wa", Kind.TELEGRAM) is None  # another kind: not the same account
    assert len(queries) == 1


def test_it_sees_a_new_secret_and_a_switched_off_account_at_once(city: Jurisdiction) -> None:
    account = ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind.WHATSAPP, name="wa", secrets={"app_secret": "lama"}
    )
    assert account_named("wa", Kind.WHATSAPP).secrets == {"app_secret": "lama"}
    account.secrets = {"app_secret": "baru"}
    account.save()
    assert account_named("wa", Kind.WHATSAPP).secrets == {"app_secret": "baru"}
    account.active = False
    account.save()
    assert account_named("wa", Kind.WHATSAPP) is None
    account.delete()
    assert account_named("wa", Kind.WHATSAPP) is None
