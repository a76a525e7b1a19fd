"""Geography without GDAL: point-in-area with shapely's STRtree, nearby search with H3 cells."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import h3
import shapely
from shapely.geometry import shape

H3_RESOLUTION = 9
# The smallest H3 edge at resolution 9 is about 0.8 of the average (200.8 m); planning the disk on
# that keeps the cell search a superset of the exact circle anywhere on Earth.
_MIN_EDGE_M = 0.8 * 200.8
EARTH_RADIUS_M = 6_371_008.8
# Resolution-10 cells (about 0.015 km²) lie wholly inside one kelurahan for about three points in
# four in Kota Tangerang; finer cells would catch more but take seconds to index at start-up.
INTERIOR_RESOLUTION = 10


def cell_of(lat: float, lng: float) -> int:
    """The H3 resolution-9 cell of a point, as a signed-64-bit-safe integer."""
    return int(h3.str_to_int(h3.latlng_to_cell(lat, lng, H3_RESOLUTION)))


def cells_within(lat: float, lng: float, radius_m: float) -> list[int]:
    """Cells that together cover every point within `radius_m` of the point."""
    rings = max(1, math.ceil(radius_m / _MIN_EDGE_M))
    centre = h3.latlng_to_cell(lat, lng, H3_RESOLUTION)
    return [int(h3.str_to_int(c)) for c in h3.grid_disk(centre, rings)]


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def valid_point(lat: float, lng: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180


def parse_coordinate(text: str) -> float:
    """A degree from text, ASCII digits only: Python's float() reads Arabic-Indic and other
    scripts' digits too, and a coordinate that nobody typed as one is not taken. Raises
    ValueError when it is not a finite ASCII number."""
    text = str(text).strip()
    if not text.isascii():
        raise ValueError("a coordinate is written in ASCII digits")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a coordinate is a finite number")
    return value


def distance_to_box_m(lat: float, lng: float, box: tuple[float, float, float, float]) -> float:
    """Metres from a point to the nearest point of a (west, south, east, north) box; 0 inside."""
    west, south, east, north = box
    return distance_m(lat, lng, min(max(lat, south), north), min(max(lng, west), east))


@dataclass(frozen=True)
class Located:
    area_id: int
    parent_id: int | None


class AreaIndex:
    """Finds which area a point lies in; built once per process from GeoJSON geometries.

    Most points fall in a small H3 cell that lies wholly inside one area: those are answered from a dict
    in about a microsecond. Points in cells crossing a boundary, or outside every area, go to
    shapely's STRtree with the exact point-in-polygon test.
    """

    def __init__(self, areas: Iterable[tuple[int, int | None, dict[str, Any]]]) -> None:
        self._ids: list[Located] = []
        geoms = []
        for area_id, parent_id, geometry in areas:
            geom = shape(geometry)
            shapely.prepare(geom)
            geoms.append(geom)
            self._ids.append(Located(area_id, parent_id))
        self._geoms = geoms
        self._tree = shapely.STRtree(geoms)
        self._bounds = self._box(geoms)
        self._interior: dict[str, Located] = {}
        for position, geom in enumerate(geoms):
            for cell in h3.h3shape_to_cells(h3.geo_to_h3shape(geom), INTERIOR_RESOLUTION):
                hexagon = shapely.Polygon([(lng, lat) for lat, lng in h3.cell_to_boundary(cell)])
                if geom.contains(hexagon):
                    self._interior[cell] = self._ids[position]

    def __len__(self) -> int:
        return len(self._ids)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) around every area, or None when there is none."""
        return self._bounds

    @staticmethod
    def _box(geoms: list[Any]) -> tuple[float, float, float, float] | None:
        # Once per index: every report's place is checked against it (org.geo.distance_outside_m).
        if not geoms:
            return None
        west, south, east, north = shapely.total_bounds(geoms)
        return float(west), float(south), float(east), float(north)

    def locate(self, lat: float, lng: float) -> Located | None:
        found = self._interior.get(h3.latlng_to_cell(lat, lng, INTERIOR_RESOLUTION))
        if found is not None:
            return found
        hits = self._tree.query(shapely.Point(lng, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        # On a shared border the lowest index wins, so the answer never depends on luck.
        return self._ids[int(hits.min())]
