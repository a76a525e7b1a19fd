"""Benchmarks: `python -m bench.<name>` prints figures (docs/performance.md).

Every benchmark, and every server it starts, runs in development mode (laksa/lib/production.py,
as `make run` does) and without the per-address limits of laksa/lib/throttle.py: a bench is one
client on 127.0.0.1 sending thousands of requests, which the limits would answer with 429."""

import os

os.environ.setdefault("LAKSA_DEV", "1")
for _rate in ("REPORT", "GUESTBOOK", "SUPPORT", "SIGNIN_IP"):
    os.environ.setdefault(f"LAKSA_RATE_{_rate}", "1000000000/1")
