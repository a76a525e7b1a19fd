"""Loading kecamatan and kelurahan boundaries from GeoJSON (Kemendagri codes, WGS84)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from shapely.geometry import mapping, shape

from laksa.org.geo import forget_indexes
from laksa.org.models import Area, AreaLevel, Jurisdiction

REQUIRED = ("name", "code")


class AreaFileError(ValueError):
    """The file cannot be imported; the message says which feature and why."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def read_features(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection file, or AreaFileError saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AreaFileError(f"No such file: {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AreaFileError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaFileError(f"{path} is not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaFileError(f"{path} has no features")
    return features


def import_features(
    jurisdiction: Jurisdiction, features: Iterable[dict[str, Any]], *, level: str | None = None
) -> ImportResult:
    """Create or update areas by code, in one transaction: one bad feature and nothing is written."""
    checked = [_check(i, f, level) for i, f in enumerate(features, start=1)]
    # Parents first, so a kelurahan can find its kecamatan in the same file or the database.
    checked.sort(key=lambda row: row["level"] != AreaLevel.KECAMATAN)
    result = ImportResult()
    with transaction.atomic():
        for row in checked:
            parent = None
            if row["parent_code"]:
                parent = Area.objects.filter(
                    jurisdiction=jurisdiction, code=row["parent_code"]
                ).first()
                if parent is None and row["level"] == AreaLevel.KELURAHAN:
                    raise AreaFileError(
                        f"{row['name']} ({row['code']}): parent {row['parent_code']} is not known; "
                        "import the kecamatan first"
                    )
            _area, created = Area.objects.update_or_create(
                jurisdiction=jurisdiction,
                code=row["code"],
                defaults={
                    "level": row["level"],
                    "name": row["name"],
                    "bps_code": row["bps_code"],
                    "parent": parent,
                    "centroid_lat": row["centroid_lat"],
                    "centroid_lng": row["centroid_lng"],
                    "geometry": row["geometry"],
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
        if jurisdiction.areas_approximate and any(
            row["level"] == AreaLevel.KELURAHAN for row in checked
        ):
            # Real kelurahan boundaries replace the demo's approximate ones: maps stop saying so.
            jurisdiction.areas_approximate = False
            jurisdiction.save(update_fields=["areas_approximate"])
    forget_indexes()
    return result


def _check(number: int, feature: dict[str, Any], level: str | None) -> dict[str, Any]:
    props = feature.get("properties") or {}
    label = f"feature {number} ({props.get('name', '?')})"
    missing = [key for key in REQUIRED if not props.get(key)]
    if missing:
        raise AreaFileError(f"{label}: missing properties {', '.join(missing)}")
    row_level = props.get("level") or level
    if level and row_level != level:
        raise AreaFileError(f"{label}: level is {row_level!r} in the file but {level!r} was asked")
    if row_level not in AreaLevel.values:
        raise AreaFileError(f"{label}: level must be kecamatan or kelurahan (use --level)")
    try:
        geom = shape(feature.get("geometry") or {})
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise AreaFileError(f"{label}: geometry cannot be read: {exc}") from exc
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise AreaFileError(f"{label}: geometry must be a Polygon or MultiPolygon")
    if not geom.is_valid:
        raise AreaFileError(f"{label}: invalid geometry ({shapely.is_valid_reason(geom)})")
    centre = geom.representative_point()
    lat = props.get("centroid_lat")
    lng = props.get("centroid_lng")
    return {
        "level": row_level,
        "code": str(props["code"]),
        "name": str(props["name"]),
        "bps_code": str(props.get("bps_code") or ""),
        "parent_code": str(props.get("parent_code") or "")
        if row_level == AreaLevel.KELURAHAN
        else "",
        "centroid_lat": float(lat) if lat is not None else centre.y,
        "centroid_lng": float(lng) if lng is not None else centre.x,
        "geometry": json.dumps(mapping(geom)),
    }
