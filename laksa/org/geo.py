"""The city's areas as a point-in-polygon index, built once per process and rebuilt on change."""

from __future__ import annotations

import json
import threading

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from laksa.lib.geo import AreaIndex, Located, distance_to_box_m
from laksa.org.models import Area, AreaLevel, Jurisdiction

_lock = threading.Lock()
_indexes: dict[int, AreaIndex] = {}


def area_index(jurisdiction_id: int) -> AreaIndex:
    index = _indexes.get(jurisdiction_id)
    if index is None:
        with _lock:
            index = _indexes.get(jurisdiction_id)
            if index is None:
                rows = (
                    Area.objects.filter(jurisdiction_id=jurisdiction_id, level=AreaLevel.KELURAHAN)
                    .exclude(geometry="")
                    .order_by("code")
                    .values_list("id", "parent_id", "geometry")
                )
                index = AreaIndex((pk, parent, json.loads(geom)) for pk, parent, geom in rows)
                _indexes[jurisdiction_id] = index
    return index


def locate(jurisdiction: Jurisdiction, lat: float, lng: float) -> Located | None:
    """The kelurahan (and its kecamatan) a point lies in, or None outside the city."""
    return area_index(jurisdiction.pk).locate(lat, lng)


def distance_outside_m(jurisdiction: Jurisdiction, lat: float, lng: float) -> float:
    """Metres from the point to the box around the city's areas (its map centre when it has no
    areas yet); 0 inside the box."""
    box = area_index(jurisdiction.pk).bounds()
    if box is None:
        box = (jurisdiction.center_lng, jurisdiction.center_lat) * 2
    return distance_to_box_m(lat, lng, box)


def forget_indexes() -> None:
    with _lock:
        _indexes.clear()


@receiver([post_save, post_delete], sender=Area)
def _area_changed(sender: type[Area], instance: Area, **kwargs: object) -> None:
    _indexes.pop(instance.jurisdiction_id, None)
