"""A channel account and its webhook URL (/kanal/<channel>/<account name>/), both ways: the
account a URL names, and the URL a city gives the provider for an account."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.urls import reverse

from laksa.intake.models import ChannelAccount
from laksa.org.selectors import current_jurisdiction

ACCOUNT_TTL = 30.0
"""Seconds a process keeps an account it has read: a webhook reads its account on every message."""
_remembered: dict[tuple[int, str, str], tuple[float, ChannelAccount | None]] = {}


def account_named(name: str, kind: str) -> ChannelAccount | None:
    """The city's active account of that kind and name, with its jurisdiction; None (the view's
    404) for any other. Remembered for ACCOUNT_TTL seconds (a monotonic age): a save or delete
    forgets every account at once in that process; other processes (and `laksa channel`) see a
    change, a new secret or a switched-off account within ACCOUNT_TTL."""
    city = current_jurisdiction()
    key = (city.pk, name, kind)
    now = time.monotonic()
    memo = _remembered.get(key)
    if memo is not None and now - memo[0] < ACCOUNT_TTL:
        return memo[1]
    account = (
        ChannelAccount.objects.filter(jurisdiction=city, name=name, kind=kind, active=True)
        .select_related("jurisdiction")
        .first()
    )
    if len(_remembered) > 1000:  # made-up names from a scanner: forget rather than grow
        _remembered.clear()
    _remembered[key] = (now, account)
    return account


def forget_accounts(**kwargs: Any) -> None:
    """Connected to ChannelAccount's post_save and post_delete (IntakeConfig.ready)."""
    _remembered.clear()


def webhook_url(account: ChannelAccount, route: str, base: str = "") -> str:
    """The account's URL at that intake route, on `base` or else LAKSA_BASE_URL."""
    return (base or settings.LAKSA_BASE_URL).rstrip("/") + reverse(route, args=[account.name])
