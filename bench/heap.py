"""What Python's collector costs a warm web process, before and after its heap is frozen
(laksa.lib.heap): the objects a full collection walks, how long one takes, and the collections
during Open311 POSTs, by generation, with their total and longest pause.

Method. One process loads the demo city without reports (SQLite, as `bench.http` does), then
answers --warm Open311 POSTs through Django's handler (the test client: the same views,
middleware and writes as gunicorn's worker, without the socket). Then, twice, before the heap is
frozen and after `heap.settle()`: the tracked objects, one timed `gc.collect()`, and --posts more
POSTs while `gc.callbacks` records every collection. The process is the bench's own, so the
figures include its few objects more than a web worker's.

    .venv/bin/python -m bench.heap [--warm 200] [--posts 2000]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench.common import bench_database


@dataclass
class Collections:
    pauses: dict[int, list[float]] = field(default_factory=lambda: {0: [], 1: [], 2: []})
    _started: float = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses[info["generation"]].append(time.perf_counter() - self._started)


def one_phase(name: str, post: Any, posts: int) -> None:
    gc.collect()
    tracked = len(gc.get_objects())
    t0 = time.perf_counter()
    gc.collect()
    full_ms = (time.perf_counter() - t0) * 1000
    seen = Collections()
    gc.callbacks.append(seen)
    t0 = time.perf_counter()
    try:
        post(posts)
    finally:
        gc.callbacks.remove(seen)
    seconds = time.perf_counter() - t0
    every = [p for pauses in seen.pauses.values() for p in pauses]
    counts = ", ".join(f"gen{g} {len(p)}" for g, p in seen.pauses.items())
    print(
        f"| {name} | {tracked:,} | {full_ms:.1f} | {counts} | {sum(every) * 1000:.0f} "
        f"({sum(every) / seconds:.1%}) | {max(every, default=0) * 1000:.1f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", type=int, default=200, help="POSTs before measuring")
    parser.add_argument("--posts", type=int, default=2000, help="POSTs measured in each phase")
    args = parser.parse_args()

    with bench_database("sqlite"):
        from django.test import Client

        from bench.http import load_city, post_form
        from laksa.lib import heap
        from laksa.org import request_log

        form = post_form(load_city())
        client = Client()
        sent = 0

        def post(n: int) -> None:
            nonlocal sent
            for _ in range(n):
                sent += 1
                lat, lng = random.choice(form.points)
                body = f"{form.form}&lat={lat}&long={lng}&description=Lampu+mati+{sent}"
                answer = client.post(
                    form.path, body, content_type="application/x-www-form-urlencoded"
                )
                if answer.status_code != 200:
                    raise SystemExit(f"POST answered {answer.status_code}: {answer.content!r}")

        post(args.warm)
        print(f"\nbench.heap: one process, {args.warm} Open311 POSTs to warm it, then "
              f"{args.posts} POSTs in each phase\n")  # fmt: skip
        print("| heap | objects a full collection walks | one full collection, ms |"
              " collections during the POSTs | their time, ms (of the phase) | longest, ms |")  # fmt: skip
        print("|---|---|---|---|---|---|")
        one_phase("as loaded", post, args.posts)
        heap.settle()
        try:
            one_phase("frozen (heap.settle)", post, args.posts)
        finally:
            gc.unfreeze()
            request_log.flush()


if __name__ == "__main__":
    main()
