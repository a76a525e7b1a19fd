"""Mailgun retries, and anyone who captured a post could send it again: the same post twice is
one report and two 200 answers with its code. A captured signature sent with another mail (the
signature covers only timestamp and token) is refused: nothing stored."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.intake.email.conftest import MORNING, mailgun_post, post_to_mailgun, signed


def test_it_answers_the_same_post_twice_with_one_report(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="h" * 50)
    first = post_to_mailgun(citizen, fields, files)
    clock.shift(minutes=2)
    _fields, files_again = mailgun_post()

    again = post_to_mailgun(citizen, fields, files_again)

    assert first.status_code == again.status_code == 200
    assert first.json()["code"] == again.json()["code"] == Report.objects.get().code


def test_it_answers_a_retry_signed_anew_with_the_same_report(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="i" * 50)
    first = post_to_mailgun(citizen, fields, files)
    later = clock.shift(minutes=10)
    fields, files = mailgun_post()
    signed(fields, at=later.timestamp(), token="j" * 50)

    again = post_to_mailgun(citizen, fields, files)

    assert again.status_code == 200
    assert first.json()["code"] == again.json()["code"]
    assert Report.objects.count() == 1


def test_it_refuses_a_captured_signature_with_another_mail(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="k" * 50)
    assert post_to_mailgun(citizen, fields, files).status_code == 200
    forged, files = mailgun_post(**{"Message-Id": "<palsu-1@evil.example>"})
    for name in ("timestamp", "token", "signature"):
        forged[name] = fields[name]
    forged["stripped-text"] = "Laporan palsu"

    response = post_to_mailgun(citizen, forged, files)

    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "token"
    assert Report.objects.count() == 1
    assert not Report.objects.filter(description__contains="palsu").exists()
