"""The public map's data: clusters when many, points when few, filters, and nothing private."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from laksa.public import map_data
from laksa.reports import actions
from laksa.reports.models import Report
from tests.conftest import IN_EAST, IN_WEST

pytestmark = pytest.mark.django_db

CITY_BBOX = "106.60,-6.20,106.66,-6.15"


def _data(client, **params):
    params.setdefault("bbox", CITY_BBOX)
    params.setdefault("zoom", "16")
    response = client.get("/peta/data.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_returns_points_with_colour_code_link_and_thumbnail(citizen, make_report):
    report = make_report()
    data = _data(citizen)
    assert data["kind"] == "points" and data["total"] == 1
    point = data["points"][0]
    photo = report.photos.get()
    assert point["code"] == report.code and point["colour"] == "red"
    assert point["url"] == f"/r/{report.code}/"
    assert point["thumb"] == f"/foto/{photo.uuid}-t.jpg"
    assert point["category"] == "Jalan rusak" and point["status"] == "Baru"


def test_it_never_sends_contact_description_or_secret(citizen, make_report):
    report = make_report(
        contact=actions.ContactInput(name="Siti Rahma", phone="081299990000"),
        description="Rumah saya nomor 12",
    )
    text = citizen.get("/peta/data.json", {"bbox": CITY_BBOX, "zoom": "16"}).content.decode()
    for secret in ["Siti Rahma", "081299990000", "Rumah saya", report.secret]:
        assert secret not in text
    assert set(json.loads(text)["points"][0]) == {
        "code",
        "lat",
        "lng",
        "colour",
        "status",
        "category",
        "created",
        "url",
        "thumb",
    }


def test_it_excludes_private_and_rejected_reports(citizen, make_report, operator):
    shown = make_report(seed=1)
    hidden = make_report(seed=2)
    Report.objects.filter(pk=hidden.pk).update(public=False)
    rejected = make_report(seed=3)
    actions.reject_report(rejected, by=operator, reason="Spam")
    codes = [p["code"] for p in _data(citizen)["points"]]
    assert codes == [shown.code]


def test_it_clusters_when_many_reports_are_in_view(citizen, make_report, monkeypatch):
    monkeypatch.setattr(map_data, "POINTS_LIMIT", 3)
    for n in range(3):
        make_report(seed=n, at=IN_WEST)
    for n in range(2):
        make_report(seed=10 + n, at=IN_EAST)
    data = _data(citizen, zoom="12")
    assert data["kind"] == "clusters" and data["total"] == 5
    assert sum(c["count"] for c in data["clusters"]) == 5
    assert all(c["red"] == c["count"] for c in data["clusters"])
    assert "points" not in data and "code" not in json.dumps(data)
    # Zoomed to the street, the same reports come as points.
    assert _data(citizen, zoom="17")["kind"] == "points"


def test_it_counts_colours_inside_a_cluster(citizen, make_report, operator, supervisor_a):
    red = make_report(seed=1)
    yellow = make_report(seed=2)
    actions.verify_report(yellow, by=operator)
    actions.accept_job(yellow, by=supervisor_a)
    qs = map_data.filtered_reports(red.jurisdiction)
    [cell] = map_data.clusters(qs, zoom=10)
    assert (cell["count"], cell["red"], cell["yellow"], cell["green"]) == (2, 1, 1, 0)
    assert abs(cell["lat"] - IN_WEST[0]) < 0.001


def test_it_keeps_only_reports_inside_the_bbox(citizen, make_report):
    west = make_report(seed=1, at=IN_WEST)
    make_report(seed=2, at=IN_EAST)
    data = _data(citizen, bbox="106.62,-6.18,106.63,-6.17")
    assert [p["code"] for p in data["points"]] == [west.code]


def test_it_filters_by_category_status_type_kecamatan_and_date(
    citizen, make_report, streetlight, operator, supervisor_a, kecamatan
):
    road = make_report(seed=1)
    light = make_report(seed=2, category=streetlight)
    assert [p["code"] for p in _data(citizen, category=streetlight.pk)["points"]] == [light.code]
    actions.verify_report(road, by=operator)
    actions.accept_job(road, by=supervisor_a)
    assert [p["code"] for p in _data(citizen, type="in_hand")["points"]] == [road.code]
    assert [p["code"] for p in _data(citizen, type="waiting")["points"]] == [light.code]
    assert _data(citizen, kecamatan=kecamatan.pk)["total"] == 2
    today = timezone.localdate()
    assert _data(citizen, date_from=str(today), date_to=str(today))["total"] == 2
    tomorrow = today + timedelta(days=1)
    assert _data(citizen, date_from=str(tomorrow))["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "106.7,-6.2,106.6,-6.1"},
        {"zoom": "99"},
        {"zoom": "x"},
        {"type": "rejected"},
        {"category": "abc"},
        {"date_from": "kemarin"},
        {"date_from": "2026-02-02", "date_to": "2026-01-01"},
    ],
)
def test_it_refuses_bad_parameters_with_json_errors(citizen, city, params):
    response = citizen.get("/peta/data.json", {"bbox": CITY_BBOX, "zoom": "12", **params})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and {e["code"] for e in errors} == {"invalid"}
    assert all(e["message"] for e in errors)
    assert {e["field"] for e in errors} <= {*params, None}


def test_it_serves_kelurahan_boundaries_as_geojson(citizen, west, east):
    response = citizen.get("/peta/wilayah.json")
    data = json.loads(response.content)
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
    assert {f["properties"]["name"] for f in data["features"]} == {"Barat", "Timur"}
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_it_forgets_cached_boundaries_when_an_area_changes(citizen, west, east):
    citizen.get("/peta/wilayah.json")
    west.name = "Barat Baru"
    west.save(update_fields=["name"])
    names = {f["properties"]["name"] for f in citizen.get("/peta/wilayah.json").json()["features"]}
    assert "Barat Baru" in names


def test_it_renders_the_map_page_with_filters_and_vendored_leaflet(citizen, pothole, kecamatan):
    html = citizen.get("/peta/").content.decode()
    assert 'id="map"' in html and "/peta/data.json" in html
    assert "vendor/markercluster/leaflet.markercluster.js" in html
    assert 'name="category"' in html and 'name="type"' in html and 'name="kecamatan"' in html
    assert 'name="date_from"' in html and 'name="date_to"' in html
    # Every script and style from this server (a random CSRF token may well spell "cdn").
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and not any("//" in s for s in sources), sources


def test_it_notes_approximate_boundaries(citizen, city):
    city.areas_approximate = True
    city.save(update_fields=["areas_approximate"])
    assert "perkiraan" in citizen.get("/peta/").content.decode()
    assert "perkiraan" in citizen.get("/lapor/").content.decode()


def test_it_answers_with_a_fixed_number_of_queries(citizen, make_report, django_assert_num_queries):
    for n in range(3):
        make_report(seed=n)
    citizen.get("/peta/data.json", {"bbox": CITY_BBOX, "zoom": "16"})
    # clusters, points with first photo as a subquery, category names (the city is remembered)
    with django_assert_num_queries(3):
        assert _data(citizen)["total"] == 3
    for n in range(3, 6):
        make_report(seed=n)
    with django_assert_num_queries(3):
        assert _data(citizen)["total"] == 6


def _legend(html: str) -> dict[str, str]:
    legend = re.search(r'<div class="legend">(.*?)</div>', html, re.S)
    assert legend, html
    return dict(re.findall(r'<i class="dot (\w+)"></i> ([^<]+?)\s*</span>', legend[1]))


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_explains_every_colour_the_map_draws_in_its_legend(
    citizen, make_report, operator, language
):
    from django.utils import translation

    from laksa.reports.statuses import COLOUR, COLOUR_LABEL, HEX

    original, copy = make_report(seed=1), make_report(seed=2)
    actions.merge_duplicate(copy, into=original, by=operator)
    drawn = {p["colour"] for p in _data(citizen)["points"]}
    assert "grey" in drawn  # a duplicate is drawn grey
    citizen.cookies["django_language"] = language
    html = citizen.get("/peta/").content.decode()
    with translation.override(language):
        expected = {colour: str(COLOUR_LABEL[colour]) for colour in set(COLOUR.values())}
    assert _legend(html) == expected and len(expected) == 4  # red, yellow, green and grey
    # The markers' colours come from the same table as the legend's dots.
    config = json.loads(re.search(r'id="map-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["hex"] == {colour: HEX[colour] for colour in expected}
