"""Small helpers shared by the tests of the JSON API."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.images import make_image, upload

API = "/api/v1"


def form(category: str = "INF-JLN", **fields: Any) -> dict[str, Any]:
    """A valid create-report form for the pothole category, at a point in Barat."""
    data = {
        "category": category,
        "description": "Lubang besar di depan sekolah",
        "lat": "-6.175",
        "lng": "106.625",
        "answers": '{"ukuran": "besar"}',
        "photos": [upload(make_image(seed=fields.pop("seed", 3)))],
    }
    data.update(fields)
    return data


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def post_json(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(API + path, body, content_type="application/json", headers=headers)


def error_codes(response: Any) -> list[tuple[str, str | None]]:
    body = response.json()
    assert set(body) == {"errors"}, body
    return [(e["code"], e["field"]) for e in body["errors"]]
