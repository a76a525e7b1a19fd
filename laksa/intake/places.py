"""The place of a message that has no point: the kelurahan or kecamatan its address names.
"Jl. Raya Serang, Kel. Cibodas" or "#Cipondoh" is enough for the LIVE Room to route the report
and for the map to show it at the area's centre, marked; the operator then places it exactly."""

from __future__ import annotations

import re

from laksa.org.models import Area, AreaLevel, Jurisdiction

_AREA_PREFIX = re.compile(r"^(?:kel\.|kelurahan|desa|kec\.|kecamatan)\s*", re.IGNORECASE)


def named_area(jurisdiction: Jurisdiction, text: str) -> Area | None:
    """The area the address names: a kelurahan before a kecamatan; a name that is a whole
    comma-separated part ("…, Timur, …") before one that is only a word of a part ("Jl. Barat
    Daya"); then the one mentioned last (addresses end with kelurahan, kecamatan, city); then the
    longest name."""
    text = (text or "").replace("#", ",")
    if not text.strip():
        return None
    parts = [_AREA_PREFIX.sub("", part.strip()).casefold() for part in text.split(",")]
    best: tuple[bool, bool, int, int, int] | None = None
    found: Area | None = None
    for area in Area.objects.filter(jurisdiction=jurisdiction):
        name = area.name.strip().casefold()
        if not name:
            continue
        word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for index, part in enumerate(parts):
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
