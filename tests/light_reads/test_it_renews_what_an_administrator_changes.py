"""An administrator's change is in the very next answer, with a new ETag: a category renamed,
hidden or deleted in the Django admin, a question, an area, the city. Nothing is deleted from the
cache for it: the answer cached before the change is still there (as it is in every other
process's cache) and is never served again."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.duration import duration_string

from laksa.catalog.models import Category, Question
from laksa.org.models import Area, Jurisdiction
from tests.conftest import login
from tests.light_reads.conftest import LIGHT_READS

pytestmark = pytest.mark.django_db

SERVICES = "/open311/v2/services.json"


def _admin_form(category: Category, **changes: Any) -> dict[str, Any]:
    """The admin's change form of a category as the browser sends it, with `changes`."""
    values = {
        field: getattr(category, field)
        for field in ("code", "group", "name_id", "name_en", "description", "keywords", "order")
    }
    values |= {
        "jurisdiction": category.jurisdiction_id,
        "agency": category.agency_id,
        "respond_target": duration_string(category.respond_target),
        "resolve_target": duration_string(category.resolve_target),
        "target_basis": category.target_basis,
    }
    flags = {"emergency", "public", "active", "catch_all", "photo_wanted"}
    values |= {flag: "on" for flag in flags if getattr(category, flag)}
    for name, value in changes.items():
        if name in flags:
            values.pop(name, None)
            if value:
                values[name] = "on"
        else:
            values[name] = value
    questions = category.questions.count()
    values |= {
        "questions-TOTAL_FORMS": questions,
        "questions-INITIAL_FORMS": questions,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for i, question in enumerate(category.questions.order_by("order", "id")):
        values |= {
            f"questions-{i}-id": question.pk,
            f"questions-{i}-category": category.pk,
            f"questions-{i}-code": question.code,
            f"questions-{i}-datatype": question.datatype,
            f"questions-{i}-prompt_id": question.prompt_id,
            f"questions-{i}-prompt_en": question.prompt_en,
            f"questions-{i}-values": json.dumps(question.values),
            f"questions-{i}-order": question.order,
        }
        if question.required:
            values[f"questions-{i}-required"] = "on"
    return values


def _in_admin(admin_user: Any, category: Category, **changes: Any) -> None:
    response = login(admin_user).post(
        f"/admin/catalog/category/{category.pk}/change/", _admin_form(category, **changes)
    )
    assert response.status_code == 302, response.context["adminform"].errors


def _cached_answers() -> set[str]:
    """The keys of the answers in this process's cache (LocMemCache in the tests)."""
    return {key for key in cache._cache if ":laksa:published:" in key}  # type: ignore[attr-defined]


def _codes(client: Client, path: str = SERVICES) -> dict[str, str]:
    return {s["service_code"]: s["service_name"] for s in client.get(path).json()}


def test_it_shows_a_name_changed_in_the_admin_at_once(
    api: Client, catalog: Category, admin_user: Any
) -> None:
    before = api.get(SERVICES)
    assert _codes(api)["PJU-MTI"] == "Lampu PJU mati"
    cached = _cached_answers()
    _in_admin(admin_user, catalog, name_id="Lampu jalan padam")
    after = api.get(SERVICES, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert {s["service_code"]: s["service_name"] for s in after.json()}["PJU-MTI"] == (
        "Lampu jalan padam"
    )
    # The old answer is still cached (another process would hold it too): it is simply not asked for.
    assert cached and cached < _cached_answers()
    assert api.get(SERVICES, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
    categories = api.get("/api/v1/categories").json()["results"]
    assert "Lampu jalan padam" in {c["name"] for c in categories}


def test_it_drops_a_category_hidden_in_the_admin(
    api: Client, catalog: Category, admin_user: Any
) -> None:
    for path in LIGHT_READS:
        api.get(path)
    definition = api.get("/open311/v2/services/PJU-MTI.json")
    assert definition.status_code == 200
    _in_admin(admin_user, catalog, active=False)
    assert "PJU-MTI" not in _codes(api)
    assert api.get("/open311/v2/services/PJU-MTI.json").status_code == 404
    codes = {c["code"] for c in api.get("/api/v1/categories").json()["results"]}
    assert codes == {"INF-JLN"}


def test_it_drops_a_category_deleted_in_the_admin(
    api: Client, catalog: Category, admin_user: Any
) -> None:
    assert set(_codes(api)) == {"INF-JLN", "PJU-MTI"}
    api.get("/open311/v2/services/PJU-MTI.xml")
    response = login(admin_user).post(
        f"/admin/catalog/category/{catalog.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302 and not Category.objects.filter(pk=catalog.pk).exists()
    assert set(_codes(api)) == {"INF-JLN"}
    assert api.get("/open311/v2/services/PJU-MTI.xml").status_code == 404


def test_it_shows_a_question_changed(api: Client, catalog: Category, pothole: Category) -> None:
    path = "/open311/v2/services/INF-JLN.json"
    before = api.get(path)
    question = Question.objects.get(category=pothole)
    question.prompt_id = "Seberapa besar lubangnya?"
    question.save()
    after = api.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["attributes"][0]["description"] == "Seberapa besar lubangnya?"
    # A question added to the street light gives it metadata in the list.
    assert {s["service_code"]: s["metadata"] for s in api.get(SERVICES).json()}["PJU-MTI"] is False
    Question.objects.create(
        category=catalog, code="tiang", datatype="string", prompt_id="Nomor tiang", prompt_en="Pole"
    )
    assert {s["service_code"]: s["metadata"] for s in api.get(SERVICES).json()}["PJU-MTI"] is True


def test_it_shows_an_area_renamed_on_the_map(citizen: Client, catalog: Any, west: Area) -> None:
    before = citizen.get("/peta/wilayah.json")
    west.name = "Barat Daya"
    west.save(update_fields=["name"])
    after = citizen.get("/peta/wilayah.json", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert {f["properties"]["name"] for f in after.json()["features"]} == {"Barat Daya", "Timur"}


def test_it_shows_the_city_changed_in_discovery(
    api: Client, catalog: Any, city: Jurisdiction
) -> None:
    before = api.get("/open311/v2/discovery.json")
    city.emergency_number = "110"
    city.save()
    after = api.get("/open311/v2/discovery.json", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "110" in after.json()["contact"]
