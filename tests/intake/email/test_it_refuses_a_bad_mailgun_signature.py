"""A post without Mailgun's signature (401), with a wrong one, one made with another key, one
signed too long ago or too far ahead (403): nothing is stored."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

import pytest

from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report, ReporterContact
from tests.intake.email.conftest import (
    MORNING,
    SIGNING_KEY,
    mailgun_post,
    post_to_mailgun,
    signed,
)


def _nothing_stored() -> bool:
    return not Report.objects.exists() and not ReporterContact.objects.exists()


@pytest.mark.parametrize("missing", ["signature", "token", "timestamp"])
def test_it_answers_401_without_a_signature(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any, missing: str
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="b" * 50)
    fields[missing] = None

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "signature"
    assert _nothing_stored()


def test_it_answers_403_to_a_forged_signature(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="c" * 50)
    fields["signature"] = fields["signature"][:-4] + "0000"

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 403
    assert _nothing_stored()


def test_it_answers_403_to_another_key(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="d" * 50, key="key-of-someone-else")

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 403
    assert _nothing_stored()


@pytest.mark.parametrize("off", [timedelta(minutes=-16), timedelta(minutes=16)])
def test_it_answers_403_to_a_stale_signature(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any, off: timedelta
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=(now + off).timestamp(), token="e" * 50)

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 403
    assert "kedaluwarsa" in response.json()["errors"][0]["message"]
    assert _nothing_stored()


def test_it_accepts_a_signature_a_few_minutes_old(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=(now - timedelta(minutes=14)).timestamp(), token="f" * 50)

    assert post_to_mailgun(citizen, fields, files).status_code == 200


def test_it_answers_404_for_an_unknown_account(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="g" * 50)

    response = citizen.post("/kanal/surel/tidak-ada/mailgun/", fields | files)

    assert response.status_code == 404
    assert _nothing_stored()


@pytest.mark.parametrize("timestamp", ["nan", "NaN", "inf", "-infinity"])
def test_it_answers_403_to_a_timestamp_that_is_not_a_finite_number(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any, timestamp: str
) -> None:
    """nan is never "more than 15 minutes" from now: without its own check it would never age."""
    clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=0, token="h" * 50)
    fields["timestamp"] = timestamp
    fields["signature"] = hmac.new(
        SIGNING_KEY.encode(), (timestamp + fields["token"]).encode(), hashlib.sha256
    ).hexdigest()

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "signature"
    assert _nothing_stored()
