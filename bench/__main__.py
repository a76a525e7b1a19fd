"""Runs every benchmark and prints its figures: `make bench` (figures go in docs/performance.md).

`python -m bench --small` runs each at a size that takes seconds, on both engines where it has
them: `.ci/run` does, so a benchmark that no longer runs (a column its raw INSERTs forgot, an
option renamed) fails CI. Those figures are not judged."""

from __future__ import annotations

import subprocess
import sys

BENCHES = [
    ["bench.geo"],
    ["bench.photo"],
    ["bench.create"],
    ["bench.create", "--engine", "postgres"],
    ["bench.nearby", "--engine", "both"],
    ["bench.map_data"],
    ["bench.live"],
    ["bench.console"],
    ["bench.serve"],
    ["bench.http", "--engine", "both"],
    ["bench.heap"],
    ["bench.floods"],
    ["bench.photo_flood"],
    ["bench.write_path", "--engine", "both"],
    ["bench.kpi_count", "--reports", "100000", "--events", "1000000", "--repeat", "10"],
    ["bench.open311"],
    ["bench.escalation"],
    ["bench.proof"],
    ["bench.sigap"],
    ["bench.outbox_drain", "--messages", "5000"],
    ["bench.inbound", "--channel", "sms", "--seconds", "10", "--drain", "1000"],
    [
        "bench.inbound",
        "--channel",
        "whatsapp",
        "--seconds",
        "10",
        "--drain",
        "1000",
        "--keep-up",
        "100",
    ],
]

SMALL = [
    ["bench.geo", "--points", "2000"],
    ["bench.photo", "--runs", "2"],
    ["bench.create", "--reports", "50"],
    ["bench.create", "--reports", "50", "--engine", "postgres"],
    ["bench.nearby", "--reports", "2000", "--queries", "50", "--engine", "both"],
    ["bench.map_data", "--reports", "2000", "--runs", "3"],
    ["bench.live", "--clients", "20", "--rounds", "2"],
    ["bench.console", "--reports", "500", "--repeat", "2", "--engine", "both"],
    ["bench.serve", "--seconds", "2", "--clients", "4"],
    ["bench.http", "--small"],
    ["bench.heap", "--warm", "50", "--posts", "200"],
    ["bench.floods", "--small"],
    ["bench.photo_flood"],
    ["bench.write_path", "--engine", "both", "--requests", "20", "--drain", "20"],
    ["bench.kpi_count", "--reports", "500", "--events", "5000", "--new-events", "200",
     "--repeat", "2", "--engine", "both"],
    ["bench.open311", "--engine", "both", "--reports", "500", "--repeat", "2",
     "--clients", "4", "--seconds", "2"],
    ["bench.escalation", "--reports", "200", "--engine", "both"],
    ["bench.proof", "--runs", "2"],
    ["bench.sigap", "--jobs", "50", "--runs", "2"],
    ["bench.outbox_drain", "--messages", "300", "--engine", "both"],
    ["bench.inbound", "--channel", "sms", "--engine", "both", "--seconds", "2", "--clients", "4",
     "--drain", "50"],
    ["bench.inbound", "--channel", "whatsapp", "--engine", "both", "--seconds", "2",
     "--clients", "4", "--drain", "50", "--keep-up", "20"],
]  # fmt: skip

if __name__ == "__main__":
    small = "--small" in sys.argv[1:]
    for args in SMALL if small else BENCHES:
        print(f"\n$ python -m {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, "-m", *args], check=True)
