"""Discovery's changeset is the catalog's own clock (CatalogVersion): a change of a service
definition moves it forward, and deleting a service never moves it back. It was the latest
category's updated_at, which a question's change left alone and a deletion lowered.

The catalog's clock only moves forward and the database keeps it between tests, so each test's
moments are days after the session's now, whatever day the suite runs on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from laksa.catalog.models import Category, Datatype, Question
from laksa.lib import clock as domain_clock
from tests.conftest import WIB

V2 = "/open311/v2"


@pytest.fixture
def day() -> Any:
    """The n-th day after the session's now, at 10:00 WIB."""
    start = domain_clock.now().astimezone(WIB).replace(hour=10, minute=0, second=0, microsecond=0)

    def nth(n: int) -> datetime:
        return start + timedelta(days=n)

    return nth


def changesets(api: Client) -> set[str]:
    data = api.get(f"{V2}/discovery.json").json()
    return {data["changeset"], data["endpoints"][0]["changeset"]}


def test_it_moves_the_changeset_when_a_definition_changes(
    api: Client, pothole: Category, streetlight: Category, clock: Any, day: Any
) -> None:
    pothole.save()  # made and saved at the session's now
    clock.at(day(1))
    pothole.save()
    assert changesets(api) == {day(1).isoformat()}
    clock.at(day(2))
    Question.objects.create(category=streetlight, code="baru", datatype=Datatype.STRING,
                            required=True, prompt_id="Baru", prompt_en="New")  # fmt: skip
    assert changesets(api) == {day(2).isoformat()}
    clock.at(day(3))
    question = pothole.questions.get()
    question.prompt_id = "Ukuran lubang (cm)"
    question.save()
    assert changesets(api) == {day(3).isoformat()}
    xml = api.get(f"{V2}/discovery.xml").content.decode()
    assert xml.count(f"<changeset>{day(3).isoformat()}</changeset>") == 2


def test_it_never_moves_the_changeset_back(
    api: Client, pothole: Category, streetlight: Category, clock: Any, day: Any
) -> None:
    clock.at(day(3))
    streetlight.save()
    clock.at(day(4))
    streetlight.questions.all().delete()
    streetlight.delete()
    assert changesets(api) == {day(4).isoformat()}
    clock.at(day(1))  # a host whose clock lags
    pothole.save()
    assert changesets(api) == {day(4).isoformat()}


def test_it_keeps_one_changeset_while_nothing_changes(
    api: Client, city: Any, clock: Any, day: Any
) -> None:
    clock.at(day(1))
    city.save()
    clock.at(day(32))
    assert changesets(api) == {day(1).isoformat()}
