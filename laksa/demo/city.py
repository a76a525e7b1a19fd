"""Kota Tangerang as a demo city: areas, agencies (OPD, area offices, outside bodies), categories,
the city's own days off."""

from __future__ import annotations

import csv
import enum
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shapely
import shapely.geometry
from shapely.geometry import MultiPoint, Point

from laksa.catalog.models import Category, Datatype, Question, TargetBasis
from laksa.org.areas import import_features, read_features
from laksa.org.models import Agency, AgencyKind, AreaLevel, Holiday, Jurisdiction

DATA = Path(__file__).parent / "data"
GEOJSON_FILES = ("tangerang_kecamatan.geojson", "tangerang_kelurahan.geojson")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def jurisdiction() -> Jurisdiction:
    city, _ = Jurisdiction.objects.get_or_create(
        slug="kota-tangerang",
        defaults={
            "name": "Kota Tangerang",
            "code_prefix": "TNG",
            "timezone": "Asia/Jakarta",
            "open311_id": "tangerangkota.go.id",
            "center_lat": -6.1783,
            "center_lng": 106.6319,
        },
    )
    return city


class AreaSource(enum.Enum):
    FILES = "files"  # the GeoJSON files were there and were imported
    KEPT = "kept"  # no files, but the city already has real boundaries: left alone
    APPROXIMATE = "approximate"  # built from the centre points


def load_areas(city: Jurisdiction, areas_dir: Path) -> AreaSource:
    """Real boundaries when the GeoJSON files are there, else approximate ones.

    Real boundaries already in the database are never replaced by approximate ones.
    """
    paths = [areas_dir / name for name in GEOJSON_FILES]
    if all(path.is_file() for path in paths):
        for path in paths:
            import_features(city, read_features(path))
        source = AreaSource.FILES
    elif not city.areas_approximate and city.areas.filter(level=AreaLevel.KELURAHAN).exists():
        return AreaSource.KEPT
    else:
        build_approximate_areas(city)
        source = AreaSource.APPROXIMATE
    approximate = source == AreaSource.APPROXIMATE
    if city.areas_approximate != approximate:
        city.areas_approximate = approximate
        city.save(update_fields=["areas_approximate"])
    return source


def build_approximate_areas(city: Jurisdiction) -> None:
    """Voronoi cells of the kelurahan centre points, clipped to a rough city outline."""
    table = rows("tangerang_areas.csv")
    kelurahan = [r for r in table if r["level"] == AreaLevel.KELURAHAN]
    points = [Point(float(r["centroid_lng"]), float(r["centroid_lat"])) for r in kelurahan]
    # About 1 km beyond the outermost centres: a rough stand-in for the city's boundary.
    outline = MultiPoint(points).convex_hull.buffer(0.01)
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline)
    by_point: dict[int, shapely.Geometry] = {}
    for cell in cells.geoms:
        for i, point in enumerate(points):
            if i not in by_point and cell.contains(point):
                by_point[i] = cell.intersection(outline)
                break
    kecamatan_geoms: dict[str, list[shapely.Geometry]] = {}
    for i, row in enumerate(kelurahan):
        kecamatan_geoms.setdefault(row["parent_code"], []).append(by_point[i])
    geoms = {row["code"]: by_point[i] for i, row in enumerate(kelurahan)}
    for row in table:
        if row["level"] == AreaLevel.KECAMATAN:
            geoms[row["code"]] = shapely.union_all(kecamatan_geoms.get(row["code"], []))
    # The same path as `laksa import-areas`: the cells become GeoJSON features.
    import_features(city, [_feature(row, geoms[row["code"]]) for row in table])


def _feature(row: dict[str, str], geom: shapely.Geometry) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {
            "code": row["code"],
            "name": row["name"],
            "level": row["level"],
            "bps_code": row["bps_code"],
            "parent_code": row["parent_code"],
            "centroid_lat": float(row["centroid_lat"]),
            "centroid_lng": float(row["centroid_lng"]),
        },
        "geometry": shapely.geometry.mapping(geom),  # type: ignore[arg-type]
    }


def load_agencies(city: Jurisdiction) -> None:
    for row in rows("agencies.csv"):
        Agency.objects.update_or_create(
            jurisdiction=city,
            code=row["code"],
            defaults={
                "abbreviation": row["abbreviation"],
                "name": row["name"],
                "kind": AgencyKind.EXTERNAL if row["kind"] == "external" else AgencyKind.OPD,
                "note": row["note"],
            },
        )
    for area in city.areas.all():
        prefix = "Kecamatan" if area.level == AreaLevel.KECAMATAN else "Kelurahan"
        Agency.objects.update_or_create(
            jurisdiction=city,
            code=f"{area.level.upper()[:3]}-{area.code}",
            defaults={
                "abbreviation": f"{'Kec.' if area.level == AreaLevel.KECAMATAN else 'Kel.'} {area.name}",
                "name": f"Kantor {prefix} {area.name}",
                "kind": AgencyKind.AREA,
                "area": area,
            },
        )


def load_holidays(city: Jurisdiction) -> None:
    """The 2026 collective leave days (cuti bersama, SKB 3 Menteri), which the national holiday
    calendar leaves out: city offices are closed on them."""
    for row in rows("holidays.csv"):
        Holiday.objects.update_or_create(
            jurisdiction=city, date=date.fromisoformat(row["date"]), defaults={"name": row["name"]}
        )


_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def parse_duration(text: str) -> timedelta:
    """ISO 8601 durations as the categories table writes them: P1D, PT30M, PT24H, P1DT2H, P2W.

    Years and months have no fixed length, so a service target may not use them.
    """
    match = _DURATION.match(text.strip())
    if not match or not any(match.groups()):
        raise ValueError(f"not an ISO 8601 duration in weeks/days/hours/minutes: {text!r}")
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


# A few extra questions (Open311 attributes), one of each kind a form meets.
QuestionRow = tuple[str, str, bool, str, str, list[tuple[str, str, str]]]
QUESTIONS: dict[str, list[QuestionRow]] = {
    "INF-JLN": [
        (
            "ukuran",
            Datatype.SINGLEVALUELIST,
            True,
            "Seberapa besar kerusakannya?",
            "How big is the damage?",
            [
                ("kecil", "Kecil (< 30 cm)", "Small (< 30 cm)"),
                ("sedang", "Sedang", "Medium"),
                ("besar", "Besar (> 1 m)", "Large (> 1 m)"),
            ],
        ),
    ],
    "PJU-MTI": [
        (
            "nomor_tiang",
            Datatype.STRING,
            False,
            "Nomor tiang (jika terlihat)",
            "Pole number (if visible)",
            [],
        ),
    ],
    "BCN-BJR": [
        (
            "tinggi_air_cm",
            Datatype.NUMBER,
            True,
            "Perkiraan tinggi air (cm)",
            "Estimated water depth (cm)",
            [],
        ),
        (
            "akses",
            Datatype.MULTIVALUELIST,
            False,
            "Apa yang terdampak?",
            "What is affected?",
            [
                ("jalan", "Jalan", "Road"),
                ("rumah", "Rumah warga", "Homes"),
                ("sekolah", "Sekolah", "School"),
            ],
        ),
    ],
    "LH-SMP": [
        (
            "sejak",
            Datatype.DATETIME,
            False,
            "Sejak kapan sampah menumpuk?",
            "Piling up since when?",
            [],
        ),
    ],
}
NOT_PUBLIC = {"PLY-ASN"}
CATCH_ALL = "INF-UMM"
"""Where an SMS, e-mail or guest-book message lands when no keyword names its category."""
KEYWORDS = {
    "INF-JLN": "jalan rusak, jalan berlubang, lubang, aspal, pothole",
    "INF-DRN": "saluran, gorong, got, drainase, selokan, mampet, tersumbat",
    "INF-TRT": "trotoar, jembatan",
    "BCN-BJR": "banjir, genangan, tergenang, flood",
    "KBK-KBR": "kebakaran, terbakar, api, fire",
    "PHN-TBG": "pohon tumbang, tumbang, roboh",
    "PJU-MTI": "lampu jalan, pju, lampu mati, penerangan",
    "PJU-BRU": "usulan pju, lampu baru",
    "LLN-MCT": "macet, kemacetan, lalu lintas",
    "LLN-RMB": "rambu, marka, lampu merah, traffic light",
    "PKR-LIR": "parkir liar, parkir",
    "TRB-PKL": "pkl, pedagang kaki lima, lapak",
    "TRB-BGL": "bangunan liar, imb, pbg",
    "TRB-UMM": "bising, kebisingan, ribut, tawuran, ketertiban",
    "LH-SMP": "sampah, tps, tidak diangkut, rubbish",
    "LH-BKR": "bakar sampah, pembakaran, buang sampah",
    "LH-CMR": "pencemaran, limbah, bau, asap",
    "PHN-PGK": "pangkas, pemangkasan, dahan, ranting",
    "TMN-FSM": "taman, fasilitas umum, fasum",
    "ADK-KTP": "ktp, kk, akta, dukcapil, kependudukan",
    "KES-YAN": "puskesmas, rumah sakit, kesehatan, bpjs",
    "KES-DBD": "dbd, demam berdarah, jentik, fogging, nyamuk",
    "PDK-SKL": "sekolah, guru, pendidikan, ppdb",
    "SOS-BNS": "bansos, bantuan sosial, pkh, blt",
    "SOS-PMK": "gelandangan, pengemis, odgj, anak jalanan",
    "PRM-RTL": "rumah tidak layak, rutilahu, perumahan",
    "AIR-PAM": "pdam, air bersih, air mati, tirta",
    "LST-PLN": "listrik, pln, kabel, padam",
    "PLY-ASN": "pungli, petugas, asn",
    "INF-UMM": "informasi, aspirasi, saran, pertanyaan",
}
"""Indonesian words a citizen would write in an SMS or e-mail, for intake.categories."""
PHOTO_GROUPS = {"Infrastruktur", "Bencana", "Penerangan", "Lingkungan"}
PHOTO_CODES = {"LLN-RMB", "PKR-LIR", "TRB-PKL", "TRB-BGL"}
"""What is seen in the street: a chat reporter is asked for a photo (intake.conversations)."""


def load_categories(city: Jurisdiction) -> None:
    agencies = {a.code: a for a in city.agencies.all()}
    for order, row in enumerate(rows("categories.csv")):
        category, _ = Category.objects.update_or_create(
            jurisdiction=city,
            code=row["code"],
            defaults={
                "group": row["group"],
                "name_id": row["name_id"],
                "name_en": row["name_en"],
                "agency": agencies[row["agency"]],
                "emergency": row["emergency"] == "yes",
                "public": row["code"] not in NOT_PUBLIC,
                "respond_target": parse_duration(row["respond"]),
                "resolve_target": parse_duration(row["resolve"]),
                "target_basis": TargetBasis.CALENDAR
                if row["basis"] == "calendar"
                else TargetBasis.WORKING,
                "keywords": KEYWORDS.get(row["code"], row["name_en"].lower()),
                "catch_all": row["code"] == CATCH_ALL,
                "photo_wanted": row["group"] in PHOTO_GROUPS or row["code"] in PHOTO_CODES,
                "order": order,
            },
        )
        support = [s.strip() for s in row["support"].replace("(", ",").split(",")]
        category.support_agencies.set([agencies[s] for s in support if s in agencies])
        for q_order, (code, kind, required, prompt_id, prompt_en, values) in enumerate(
            QUESTIONS.get(row["code"], [])
        ):
            Question.objects.update_or_create(
                category=category,
                code=code,
                defaults={
                    "datatype": kind,
                    "required": required,
                    "prompt_id": prompt_id,
                    "prompt_en": prompt_en,
                    "order": q_order,
                    "values": [{"key": k, "name_id": i, "name_en": e} for k, i, e in values],
                },
            )
