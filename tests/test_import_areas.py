"""`laksa import-areas`: real boundaries in, bad files refused whole."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from laksa.org.geo import locate
from laksa.org.models import Area, Jurisdiction
from tests.conftest import SHARED_DATA


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
                    "features": [
                        _feature("99.02.01", "Baik", SQUARE, level="kecamatan"),
                        _feature("99.02.01.1", "Rusak", BOWTIE, level="kelurahan"),
                    ],
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
                        _feature("99.02.01", "Baik", SQUARE, level="kecamatan"),
                        _feature("1", "Yatim", SQUARE, level="kelurahan", parent_code="0.0"),
                    ],
                }
            ),
            "parent",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"code": "1", "name": "Titik", "level": "kecamatan"},
                            "geometry": {"type": "Point", "coordinates": [106.6, -6.2]},
                        }
                    ],
                }
            ),
            "Polygon or MultiPolygon",
        ),
    ],
    ids=["not-json", "not-collection", "bowtie", "no-code", "unknown-parent", "point"],
)
def test_it_refuses_a_bad_file_and_writes_nothing(city, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_areas", str(path))
    assert Area.objects.count() == 0


def test_it_clears_the_approximate_flag_once_real_kelurahan_are_in(city, tmp_path):
    city.areas_approximate = True
    city.save(update_fields=["areas_approximate"])
    kecamatan = _write(tmp_path, [_feature("99.02.01", "Induk", SQUARE, level="kecamatan")])
    call_command("import_areas", str(kecamatan))
    city.refresh_from_db()
    assert city.areas_approximate
    kelurahan = tmp_path / "kel.geojson"
    kelurahan.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    _feature(
                        "99.02.01.1", "Anak", SQUARE, level="kelurahan", parent_code="99.02.01"
                    )
                ],
            }
        )
    )
    call_command("import_areas", str(kelurahan))
    city.refresh_from_db()
    assert not city.areas_approximate


def test_it_updates_areas_by_code_and_forgets_the_old_index(city, tmp_path):
    kelurahan = {"level": "kelurahan", "parent_code": "99.02.01"}
    path = _write(
        tmp_path,
        [
            _feature("99.02.01", "Induk", SQUARE, level="kecamatan"),
            _feature("99.02.01.1", "Lama", SQUARE, **kelurahan),
        ],
    )
    call_command("import_areas", str(path))
    old = Area.objects.get(level="kelurahan")
    assert locate(city, -6.195, 106.605).area_id == old.pk
    moved = [[x + 0.05, y] for x, y in SQUARE]
    path = _write(tmp_path, [_feature("99.02.01.1", "Baru", moved, bps_code="99", **kelurahan)])
    out = StringIO()
    call_command("import_areas", str(path), stdout=out)
    area = Area.objects.get(level="kelurahan")
    assert (area.pk, area.name, area.bps_code) == (old.pk, "Baru", "99")
    assert area.geometry_json()["coordinates"][0][0] == pytest.approx([106.65, -6.2])
    assert "0 areas created, 1 updated" in out.getvalue()
    assert locate(city, -6.195, 106.605) is None
    assert locate(city, -6.195, 106.655).area_id == area.pk


def test_it_takes_the_level_from_the_command_when_the_file_has_none(city, tmp_path):
    path = _write(tmp_path, [_feature("99.02.01", "Induk", SQUARE)])
    with pytest.raises(CommandError, match="level"):
        call_command("import_areas", str(path))
    call_command("import_areas", str(path), "--level", "kecamatan")
    assert Area.objects.get().level == "kecamatan"
    path = _write(tmp_path, [_feature("99.02.01", "Induk", SQUARE, level="kecamatan")])
    with pytest.raises(CommandError, match="asked"):
        call_command("import_areas", str(path), "--level", "kelurahan")


def test_it_needs_to_know_the_city(db, tmp_path):
    path = _write(tmp_path, [_feature("99.02.01", "Induk", SQUARE, level="kecamatan")])
    with pytest.raises(CommandError, match="No jurisdiction"):
        call_command("import_areas", str(path))
    Jurisdiction.objects.create(slug="a", name="A", code_prefix="A")
    Jurisdiction.objects.create(slug="b", name="B", code_prefix="B")
    with pytest.raises(CommandError, match="--jurisdiction"):
        call_command("import_areas", str(path))
    call_command("import_areas", str(path), "--jurisdiction", "b")
    assert Area.objects.get().jurisdiction.slug == "b"


def test_it_says_when_the_file_is_missing(city, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_areas", str(tmp_path / "none.geojson"))


@pytest.mark.needs_real_data
def test_it_places_the_reference_points_of_kota_tangerang(city):
    call_command("import_areas", str(SHARED_DATA / "tangerang_kecamatan.geojson"))
    call_command("import_areas", str(SHARED_DATA / "tangerang_kelurahan.geojson"))
    assert Area.objects.filter(level="kelurahan").count() == 104
    sukasari = Area.objects.get(pk=locate(city, -6.1783, 106.6319).area_id)
    pajang = Area.objects.get(pk=locate(city, -6.1256, 106.6559).area_id)
    assert (sukasari.name, sukasari.parent.name) == ("Sukasari", "Tangerang")
    assert (pajang.name, pajang.parent.name) == ("Pajang", "Benda")
