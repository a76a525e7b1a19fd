"""One Meta app sends every number's, Page's and Instagram account's events to its one callback
URL: an event for another asset than the account's is answered 200, counted as ignored and not
stored (answered from this account it would go out from the wrong number or Page); an account
that names no asset takes every event."""

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.intake.meta import sign
from laksa.intake.models import InboxMessage, Kind
from laksa.org.models import Jurisdiction
from tests.intake import chat
from tests.intake.chat import as_json
from tests.intake.whatsapp.fake_graph import PHONE_NUMBER_ID

FIXTURES = {
    Kind.WHATSAPP: ("whatsapp", "text.json", "phone_number_id", PHONE_NUMBER_ID),
    Kind.MESSENGER: ("facebook", "text.json", "page_id", "104523987654321"),
    Kind.INSTAGRAM: ("instagram", "text.json", "ig_user_id", "17841400123456789"),
}


@pytest.fixture
def city_ready(city: Jurisdiction, west: Any, east: Any, lain: Category) -> Jurisdiction:
    return city


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_an_event_for_another_asset_is_left_out(
    city_ready: Jurisdiction, kind: Kind, caplog: pytest.LogCaptureFixture
) -> None:
    folder, name, key, own = FIXTURES[kind]
    body = chat.payload(folder, name)
    assert own.encode() in body
    account = chat.meta_account(city_ready, kind, "akun", **{key: "999000999000999"})
    url = f"/kanal/{folder}/akun/"
    response = chat.post_signed(url, body, secret=chat.APP_SECRET)
    assert response.status_code == 200
    assert as_json(response)["accepted"] == 0
    assert as_json(response)["ignored"] == 1
    assert InboxMessage.objects.count() == 0
    assert own in caplog.text  # operators are told which asset's events reach this URL

    account.settings = {key: own}
    account.save(update_fields=["settings"])
    response = chat.post_signed(url, body, secret=chat.APP_SECRET)
    assert as_json(response)["accepted"] == 1
    assert "ignored" not in as_json(response)


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_an_account_that_names_no_asset_takes_every_event(
    city_ready: Jurisdiction, kind: Kind
) -> None:
    folder, name, _key, _own = FIXTURES[kind]
    chat.meta_account(city_ready, kind, "akun")
    body = chat.payload(folder, name)
    response = chat.post_signed(f"/kanal/{folder}/akun/", body, secret=chat.APP_SECRET)
    assert as_json(response)["accepted"] == 1


def test_a_signature_without_its_prefix_is_refused(city_ready: Jurisdiction) -> None:
    """Meta always sends `sha256=<hex>`; the bare hex is not its header."""
    chat.meta_account(city_ready, Kind.WHATSAPP, "akun")
    body = chat.payload("whatsapp", "text.json")
    bare = sign(chat.APP_SECRET, body).removeprefix("sha256=")
    response = chat.post_signed("/kanal/whatsapp/akun/", body, secret=None, signature=bare)
    assert response.status_code == 403
    assert InboxMessage.objects.count() == 0
