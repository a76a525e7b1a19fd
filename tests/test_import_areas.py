"""`laksa import-areas`: real boundaries in, bad files refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from laksa.org.geo import locate
from laksa.org.models import Area

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_real_data = pytest.mark.skipif(
    not (SHARED / "tangerang_kelurahan.geojson").exists(), reason="no ../shared/data boundary files"
)


def _feature(code: str, name: str, ring: list[list[float]], **props: object) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, **props},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


SQUARE = [[106.60, -6.20], [106.61, -6.20], [106.61, -6.19], [106.60, -6.19], [106.60, -6.20]]
BOWTIE = [[106.60, -6.20], [106.61, -6.19], [106.61, -6.20], [106.60, -6.19], [106.60, -6.20]]


def _write(tmp_path: Path, features: list[dict]) -> Path:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_it_imports_kecamatan_and_kelurahan_and_is_idempotent(city, tmp_path):
    path = _write(
        tmp_path,
        [
            _feature("99.02.01.1001", "Anak", SQUARE, level="kelurahan", parent_code="99.02.01"),
            _feature("99.02.01", "Induk", SQUARE, level="kecamatan"),
        ],
    )
    call_command("import_areas", str(path))
    call_command("import_areas", str(path))
    child = Area.objects.get(code="99.02.01.1001")
    assert child.parent.code == "99.02.01" and Area.objects.count() == 2
    assert locate(city, -6.195, 106.605).area_id == child.pk


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        (json.dumps({"type": "Feature"}), "FeatureCollection"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [_feature("1", "Rusak", BOWTIE, level="kelurahan")],
                }
            ),
            "invalid geometry",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [_feature("", "Tanpa kode", SQUARE, level="kecamatan")],
                }
            ),
            "missing properties code",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        _feature("1", "Yatim", SQUARE, level="kelurahan", parent_code="0.0")
                    ],
                }
            ),
            "parent",
        ),
    ],
    ids=["not-json", "not-collection", "bowtie", "no-code", "unknown-parent"],
)
def test_it_refuses_a_bad_file_and_writes_nothing(city, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_areas", str(path))
    assert Area.objects.count() == 0


def test_it_says_when_the_file_is_missing(city, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_areas", str(tmp_path / "none.geojson"))


@needs_real_data
def test_it_places_the_reference_points_of_kota_tangerang(city):
    call_command("import_areas", str(SHARED / "tangerang_kecamatan.geojson"))
    call_command("import_areas", str(SHARED / "tangerang_kelurahan.geojson"))
    assert Area.objects.filter(level="kelurahan").count() == 104
    sukasari = Area.objects.get(pk=locate(city, -6.1783, 106.6319).area_id)
    pajang = Area.objects.get(pk=locate(city, -6.1256, 106.6559).area_id)
    assert (sukasari.name, sukasari.parent.name) == ("Sukasari", "Tangerang")
    assert (pajang.name, pajang.parent.name) == ("Pajang", "Benda")
