"""A process keeps the catalog's version it read for a second (published.VERSION_TTL): a warm
light read then costs no query at all; a change made in this process is seen at once, another
process's (a row changed without this process's signals) within the second; a version read
inside a transaction is never kept, as that transaction may still roll back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laksa.catalog import published
from laksa.catalog.models import CatalogVersion, Category
from laksa.lib import memo

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/open311/v2/services.json"


@pytest.fixture(autouse=True)
def still(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's memories' clock stopped: a loaded machine's pause of a second between two
    requests would otherwise read the version again (`_later` moves it on)."""
    now = memo.monotonic()
    monkeypatch.setattr(memo, "monotonic", lambda: now)


def _later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Move this process's memories a second and a bit on."""
    later = memo.monotonic() + published.VERSION_TTL + 0.1
    monkeypatch.setattr(memo, "monotonic", lambda: later)


def test_a_warm_read_costs_no_query_within_the_second(citizen: Client, catalog: Any) -> None:
    citizen.get(PATH)  # cold
    with CaptureQueriesContext(connection) as warm:
        assert citizen.get(PATH).status_code == 200
    assert len(warm) == 0, [q["sql"] for q in warm]


def test_a_change_here_is_seen_at_once(citizen: Client, catalog: Category) -> None:
    etag = citizen.get(PATH)["ETag"]
    catalog.name_id = "Lampu jalan padam"
    catalog.save()
    renewed = citizen.get(PATH, HTTP_IF_NONE_MATCH=etag)
    assert renewed.status_code == 200 and b"Lampu jalan padam" in renewed.content


def test_another_process_change_is_seen_within_the_second(
    citizen: Client, catalog: Category, monkeypatch: pytest.MonkeyPatch
) -> None:
    etag = citizen.get(PATH)["ETag"]
    # As another process would: the rows and the version change, this process hears nothing.
    Category.objects.filter(pk=catalog.pk).update(name_id="Lampu jalan padam")
    CatalogVersion.objects.filter(pk=published.VERSION_ID).update(token="another-process")
    assert citizen.get(PATH, HTTP_IF_NONE_MATCH=etag).status_code == 304  # still kept here
    _later(monkeypatch)
    renewed = citizen.get(PATH, HTTP_IF_NONE_MATCH=etag)
    assert renewed.status_code == 200 and b"Lampu jalan padam" in renewed.content


def test_a_version_read_in_a_transaction_rolled_back_is_not_kept(catalog: Category) -> None:
    before = published.current()
    assert before is not None
    with pytest.raises(RuntimeError), transaction.atomic():
        catalog.save()
        inside = published.current()
        assert inside is not None and inside.token != before.token
        raise RuntimeError("rolled back")
    after = published.current()
    assert after is not None and after.token == before.token
