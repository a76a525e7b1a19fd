"""The place of a message that has no point: the kelurahan or kecamatan its address names.
"Jl. Raya Serang, Kel. Cibodas" or "#Cipondoh" is enough for the LIVE Room to route the report
and for the map to show it at the area's centre, marked; the operator then places it exactly."""

from __future__ import annotations

import re

from laksa.lib.memo import Memo
from laksa.org.models import Area, AreaLevel, Jurisdiction

_AREA_PREFIX = re.compile(r"^(?:kel\.|kelurahan|desa|kec\.|kecamatan)\s*", re.IGNORECASE)
_named: Memo[list[tuple[Area, str, re.Pattern[str]]]] = Memo("area_names", (Area,))


def _names(jurisdiction: Jurisdiction) -> list[tuple[Area, str, re.Pattern[str]]]:
    """The city's areas (without their boundaries), each with its name as matched and the
    pattern finding it as a whole word; remembered by the process (laksa.lib.memo)."""

    def load() -> list[tuple[Area, str, re.Pattern[str]]]:
        found = []
        areas = Area.objects.filter(jurisdiction_id=jurisdiction.pk).defer("geometry")
        for area in areas.order_by("id"):
            name = area.name.strip().casefold()
            if name:
                found.append((area, name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")))
        return found

    return _named.get(jurisdiction.pk, load)


def remembered_areas(jurisdiction: Jurisdiction) -> dict[int, Area]:
    """The city's areas by id, without their boundaries, as the process remembers them: read
    them, never change them."""
    return {area.pk: area for area, _name, _word in _names(jurisdiction)}


def named_area(jurisdiction: Jurisdiction, text: str) -> Area | None:
    """The area the address names: a kelurahan before a kecamatan; a name that is a whole
    comma-separated part ("…, Timur, …") before one that is only a word of a part ("Jl. Barat
    Daya"); then the one mentioned last (addresses end with kelurahan, kecamatan, city); then the
    longest name. The area is the process's remembered one: read it, never change it."""
    text = (text or "").replace("#", ",")
    if not text.strip():
        return None
    parts = [_AREA_PREFIX.sub("", part.strip()).casefold() for part in text.split(",")]
    best: tuple[bool, bool, int, int, int] | None = None
    found: Area | None = None
    for area, name, word in _names(jurisdiction):
        for index, part in enumerate(parts):
            # The pattern needs the name: a plain look first, a tenth of the pattern's cost.
            if name not in part:
                continue
            match = word.search(part)
            if match is None:
                continue
            rank = (
                area.level == AreaLevel.KELURAHAN,
                part == name,
                index,
                match.start(),
                len(name),
            )
            if best is None or rank > best:
                best, found = rank, area
    return found
