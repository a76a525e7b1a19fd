"""Point to kelurahan over Kota Tangerang's 104 real polygons (target: under 10 µs a lookup).

.venv/bin/python -m bench.geo [--points 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from bench.common import SHARED_DATA
from laksa.lib.geo import AreaIndex


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args()
    path = SHARED_DATA / "tangerang_kelurahan.geojson"
    if not path.exists():
        print(f"geo: skipped, no {path}")
        return
    features = json.loads(path.read_text())["features"]
    index = AreaIndex((i, None, f["geometry"]) for i, f in enumerate(features))
    rnd = random.Random(1)
    points = [(rnd.uniform(-6.26, -6.12), rnd.uniform(106.56, 106.76)) for _ in range(args.points)]
    started = time.perf_counter()
    built = AreaIndex((i, None, f["geometry"]) for i, f in enumerate(features))
    print(f"geo: index of {len(built)} polygons built in {time.perf_counter() - started:.2f} s")
    inside = [p for p in points if index.locate(*p) is not None]
    outside = [p for p in points if index.locate(*p) is None]
    for label, sample in (("inside the city", inside), ("outside every area", outside)):
        started = time.perf_counter()
        for lat, lng in sample:
            index.locate(lat, lng)
        elapsed = time.perf_counter() - started
        print(
            f"geo: point to kelurahan, {label}: {elapsed / len(sample) * 1e6:.2f} µs per lookup "
            f"({len(sample)} points)"
        )


if __name__ == "__main__":
    main()
