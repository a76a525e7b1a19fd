"""Where a citizen's X message says the problem is: a DM's shared coordinate, a post's exact
coordinates, or the centre of a place the post is tagged with when that place is small (a point
of interest, a neighbourhood); a city or a country says nothing useful. GeoJSON order is
[longitude, latitude]; points here are (lat, lng) as intake wants them."""

from __future__ import annotations

from typing import Any

PLACE_TYPES = ("poi", "neighborhood")

Point = tuple[float, float]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def geojson_point(value: Any) -> Point | None:
    """(lat, lng) from a GeoJSON Point, or None."""
    if not isinstance(value, dict) or value.get("type") != "Point":
        return None
    try:
        lng, lat = (float(c) for c in value["coordinates"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lng) if -90 <= lat <= 90 and -180 <= lng <= 180 else None


def _centre(west: float, south: float, east: float, north: float) -> Point | None:
    return geojson_point({"type": "Point", "coordinates": [(west + east) / 2, (south + north) / 2]})


def dm_point(attachment: dict[str, Any]) -> Point | None:
    """A DM's `attachment.location.shared_coordinate` (a shared place carries only an id: places.py)."""
    shared = _dict(_dict(attachment.get("location")).get("shared_coordinate"))
    return geojson_point(shared.get("coordinates"))


def tweet_point(item: dict[str, Any]) -> Point | None:
    """A v1.1 Tweet's `coordinates`, else the centre of a small tagged `place`."""
    point = geojson_point(item.get("coordinates"))
    place = _dict(item.get("place"))
    if point is not None or place.get("place_type") not in PLACE_TYPES:
        return point
    try:
        ring = [(float(lng), float(lat)) for lng, lat in place["bounding_box"]["coordinates"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not ring:
        return None
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    return _centre(min(lngs), min(lats), max(lngs), max(lats))


def post_point(item: dict[str, Any], places: list[dict[str, Any]]) -> Point | None:
    """A v2 Post's `geo.coordinates`, else the centre of its small place (from `includes.places`)."""
    geo = _dict(item.get("geo"))
    point = geojson_point(geo.get("coordinates"))
    if point is not None or not geo.get("place_id"):
        return point
    place = next((p for p in places if p.get("id") == geo["place_id"]), {})
    if place.get("place_type") not in PLACE_TYPES:
        return None
    try:
        west, south, east, north = (float(v) for v in place["geo"]["bbox"])
    except (KeyError, TypeError, ValueError):
        return None
    return _centre(west, south, east, north)
