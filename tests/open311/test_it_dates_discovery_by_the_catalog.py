"""Discovery's changeset is the catalog's own clock (CatalogVersion): a change of a service
definition moves it forward, and deleting a service never moves it back. It was the latest
category's updated_at, which a question's change left alone and a deletion lowered."""

from __future__ import annotations

from typing import Any

from django.test import Client

from laksa.catalog.models import Category, Datatype, Question

V2 = "/open311/v2"


def changesets(api: Client) -> set[str]:
    data = api.get(f"{V2}/discovery.json").json()
    return {data["changeset"], data["endpoints"][0]["changeset"]}


def test_it_moves_the_changeset_when_a_definition_changes(
    api: Client, pothole: Category, streetlight: Category, clock: Any
) -> None:
    clock.at("2027-01-01T10:00")
    pothole.save()
    assert changesets(api) == {"2027-01-01T10:00:00+07:00"}
    clock.at("2027-01-02T10:00")
    Question.objects.create(category=streetlight, code="baru", datatype=Datatype.STRING,
                            required=True, prompt_id="Baru", prompt_en="New")  # fmt: skip
    assert changesets(api) == {"2027-01-02T10:00:00+07:00"}
    clock.at("2027-01-03T10:00")
    question = pothole.questions.get()
    question.prompt_id = "Ukuran lubang (cm)"
    question.save()
    assert changesets(api) == {"2027-01-03T10:00:00+07:00"}
    xml = api.get(f"{V2}/discovery.xml").content.decode()
    assert xml.count("<changeset>2027-01-03T10:00:00+07:00</changeset>") == 2


def test_it_never_moves_the_changeset_back(
    api: Client, pothole: Category, streetlight: Category, clock: Any
) -> None:
    clock.at("2027-01-03T10:00")
    streetlight.save()
    clock.at("2027-01-04T10:00")
    streetlight.questions.all().delete()
    streetlight.delete()
    assert changesets(api) == {"2027-01-04T10:00:00+07:00"}
    clock.at("2027-01-01T10:00")  # a host whose clock lags
    pothole.save()
    assert changesets(api) == {"2027-01-04T10:00:00+07:00"}


def test_it_keeps_one_changeset_while_nothing_changes(api: Client, city: Any, clock: Any) -> None:
    clock.at("2027-01-01T10:00")
    city.save()
    clock.at("2027-02-01T10:00")
    assert changesets(api) == {"2027-01-01T10:00:00+07:00"}
