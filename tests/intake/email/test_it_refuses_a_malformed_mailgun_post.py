"""A signed post that is not a readable mail gets 400 with an error naming the field; one that
has nothing to report gets 406 (Mailgun's "do not retry"); one the city cannot take yet, 503.
Nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from laksa.intake.models import ChannelAccount, Kind
from laksa.reports.models import Report, ReporterContact
from tests.intake.email.conftest import (
    MORNING,
    SIGNING_KEY,
    mailgun_post,
    post_to_mailgun,
    signed,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"from": None, "sender": None}, "from"),
        ({"from": "bukan alamat", "sender": None}, "from"),
        ({"body-plain": None}, "body-plain"),
        ({"attachment-count": "dua"}, "attachment-count"),
        ({"attachment-count": "2"}, "attachment-2"),
        ({"message-headers": "{bukan json"}, "message-headers"),
        ({"Message-Id": None, "message-headers": "[]"}, "Message-Id"),
        ({"message-headers": "[" * 50_000 + "]" * 50_000}, "message-headers"),
        ({"body-plain": "Ada lubang\x00 besar"}, "body-plain"),
        ({"subject": "Jalan\x00"}, "subject"),
    ],
)
def test_it_answers_400_naming_the_field(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any, changes: dict, field: str
) -> None:
    now = clock.at(MORNING)
    fields, files = mailgun_post(**changes)
    signed(fields, at=now.timestamp(), token="l" * 50)

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == ("malformed", field)
    assert error["message"]
    assert not Report.objects.exists() and not ReporterContact.objects.exists()


def test_it_answers_406_to_a_mail_with_nothing_in_it(
    mailgun_account: ChannelAccount, citizen: Any, clock: Any
) -> None:
    now = clock.at(MORNING)
    fields, _files = mailgun_post(
        **{
            "subject": "",
            "body-plain": "",
            "stripped-text": "",
            "body-html": "",
            "attachment-count": "0",
            "message-headers": "[]",
        }
    )
    signed(fields, at=now.timestamp(), token="n" * 50)

    response = post_to_mailgun(citizen, fields, {})

    assert response.status_code == 406
    assert response.json()["errors"][0]["field"] == "description"
    assert not Report.objects.exists()


def test_it_answers_400_to_a_body_that_is_not_a_form(
    mailgun_account: ChannelAccount, citizen: Any
) -> None:
    response = citizen.post(
        "/kanal/surel/mailgun/mailgun/",
        data=b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code in (400, 401)
    assert not Report.objects.exists()


def test_it_answers_503_while_the_city_has_no_catch_all_category(
    city: Any, citizen: Client, clock: Any
) -> None:
    """Not the mail's fault: Mailgun keeps it and retries, where a 406 would lose it."""
    ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind.MAILGUN, name="mailgun", secrets={"signing_key": SIGNING_KEY}
    )
    now = clock.at(MORNING)
    fields, files = mailgun_post()
    signed(fields, at=now.timestamp(), token="o" * 50)

    response = post_to_mailgun(citizen, fields, files)

    assert response.status_code == 503
    assert response.json()["errors"][0]["field"] == "category"
    assert not Report.objects.exists()
