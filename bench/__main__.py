"""Runs every benchmark and prints its figures: `make bench` (figures go in docs/performance.md)."""

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
    ["bench.open311"],
    ["bench.escalation"],
    ["bench.proof"],
    ["bench.sigap"],
    ["bench.outbox_drain", "--messages", "5000"],
    ["bench.sms_inbound", "--seconds", "10", "--drain", "1000"],
]

if __name__ == "__main__":
    for args in BENCHES:
        print(f"\n$ python -m {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, "-m", *args], check=True)
