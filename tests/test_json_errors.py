"""Every JSON endpoint that is ours answers an error in one shape (lib.json_errors):
`{"errors": [{"code", "message", "field"}]}`. Open311 keeps the spec's; SIGAP's queue its own."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.api_helpers import API
from tests.test_open311 import V2


def _items(response: Any) -> list[dict[str, Any]]:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"errors"}
    assert all(set(item) == {"code", "message", "field"} for item in body["errors"])
    return body["errors"]


def test_it_answers_the_api_the_wall_and_the_map_in_one_shape(citizen: Client, city: Any) -> None:
    api = citizen.get(f"{API}/tidak-ada")
    assert api.status_code == 404 and [e["code"] for e in _items(api)] == ["not_found"]
    wall = citizen.get("/live/wall/state.json")
    assert wall.status_code == 403 and [e["code"] for e in _items(wall)] == ["forbidden"]
    map_data = citizen.get("/peta/data.json", {"zoom": "99", "bbox": "1,2,3"})
    assert map_data.status_code == 400
    assert sorted((e["code"], e["field"]) for e in _items(map_data)) == [
        ("invalid", "bbox"),
        ("invalid", "zoom"),
    ]


def test_it_keeps_the_open311_specs_own_error_shape(citizen: Client, city: Any) -> None:
    response = citizen.get(f"{V2}/requests/TIDAK-ADA.json")
    assert response.status_code == 404
    [error] = response.json()
    assert set(error) == {"code", "description"} and error["code"] == 404
