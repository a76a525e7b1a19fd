"""Point-in-area and nearby search: the fast paths agree with the slow, obvious ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laksa.lib.geo import AreaIndex, cells_within, distance_m
from laksa.reports.duplicates import nearby_open_reports
from laksa.reports.models import Report
from tests.conftest import EAST, IN_WEST, SHARED_DATA, WEST

SQUARES = [
    (1, 10, {"type": "Polygon", "coordinates": [WEST]}),
    (2, 10, {"type": "Polygon", "coordinates": [EAST]}),
]


def test_it_locates_points_and_misses_outside():
    index = AreaIndex(SQUARES)
    assert index.locate(-6.175, 106.625).area_id == 1
    assert index.locate(-6.175, 106.635).area_id == 2
    assert index.locate(-6.175, 106.635).parent_id == 10
    assert index.locate(-6.5, 106.5) is None


def test_it_gives_a_border_point_to_one_area_always():
    index = AreaIndex(SQUARES)
    assert index.locate(-6.175, 106.63).area_id == 1


@given(
    lat=st.floats(-6.3, -6.0),
    lng=st.floats(106.5, 106.8),
    dlat=st.floats(-0.003, 0.003),
    dlng=st.floats(-0.003, 0.003),
    radius=st.sampled_from([50, 150, 300]),
)
def test_it_covers_every_point_within_the_radius_with_cells(lat, lng, dlat, dlng, radius):
    from laksa.lib.geo import cell_of

    other = (lat + dlat, lng + dlng)
    if distance_m(lat, lng, *other) <= radius:
        assert cell_of(*other) in set(cells_within(lat, lng, radius))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offsets=st.lists(
        st.tuples(st.floats(-0.003, 0.003), st.floats(-0.003, 0.003)), min_size=1, max_size=8
    )
)
def test_it_finds_the_same_nearby_reports_as_a_brute_force_scan(offsets, make_report, pothole):
    Report.objects.all().delete()
    made = [
        make_report(at=(IN_WEST[0] + a, IN_WEST[1] + b), seed=i) for i, (a, b) in enumerate(offsets)
    ]
    found = {n.report.pk for n in nearby_open_reports(pothole, *IN_WEST, limit=100)}
    brute = {r.pk for r in made if distance_m(*IN_WEST, r.lat, r.lng) <= 150}
    assert found == brute


def test_it_leaves_out_old_closed_and_other_category_reports(
    make_report, pothole, streetlight, operator
):
    from laksa.reports import actions

    recent = make_report()
    old = make_report(seed=2)
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    closed = make_report(seed=3)
    actions.reject_report(closed, by=operator, reason="spam")
    make_report(category=streetlight, seed=4)
    found = [n.report.pk for n in nearby_open_reports(pothole, *IN_WEST)]
    assert found == [recent.pk]


def _real_kelurahan():
    import json

    return json.loads((SHARED_DATA / "tangerang_kelurahan.geojson").read_text())["features"]


@pytest.mark.needs_real_data
def test_it_answers_like_a_plain_polygon_scan_over_the_real_city():
    import random

    import shapely
    from shapely.geometry import shape

    features = _real_kelurahan()
    index = AreaIndex((i, None, f["geometry"]) for i, f in enumerate(features))
    polygons = [shape(f["geometry"]) for f in features]
    rnd = random.Random(4)
    for _ in range(3000):
        lat, lng = rnd.uniform(-6.26, -6.12), rnd.uniform(106.56, 106.76)
        point = shapely.Point(lng, lat)
        covering = [i for i, poly in enumerate(polygons) if poly.intersects(point)]
        found = index.locate(lat, lng)
        assert (found.area_id if found else None) in (covering or [None])
