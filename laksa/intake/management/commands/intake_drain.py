"""`laksa intake-drain [--once]`: handle the intake inbox's pending messages (reports, replies).

The huey task started after each accepted message and the drain every minute do this already;
this command is for running it as a process of its own (make run starts two, and turns the task
off: LAKSA_INBOX_TASK), or once (after an outage, in a drill). Without --once it keeps draining,
looking again every --poll seconds when nothing is due: a new message waits at most that long.
When nothing is due it also makes the reports of quiet chat conversations (conversations.settle),
at most every SETTLE_EVERY seconds."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from laksa.intake import conversations, inbox
from laksa.lib import heap

SETTLE_EVERY = 5.0
"""Seconds between two looks for quiet conversations while idle (they wait minutes anyway)."""


def _due() -> bool:
    """inbox.anything_due, or True when the database cannot say: the claim then logs why, and
    the process keeps going instead of dying until the database is back."""
    try:
        return inbox.anything_due()
    except DatabaseError:
        return True


class Command(BaseCommand):
    help = "Tangani pesan masuk yang tertunda (laporan, balasan), berulang sampai dihentikan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Tangani yang ada lalu berhenti.")
        parser.add_argument("--batch", type=int, default=inbox.BATCH)
        parser.add_argument("--poll", type=float, default=0.25, help="Detik antar pemeriksaan.")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True  # finish the row in hand: it commits with its mark, or not at all

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        total = 0
        settled = float("-inf")
        heap.settle()  # what the imports made, frozen before the first row (laksa.lib.heap)
        try:
            while not stopping:
                handled = inbox.handle_pending(options["batch"])
                total += handled
                heap.worked(handled)  # the warm heap frozen after the first rows
                if handled:
                    continue
                if options["once"] or time.monotonic() - settled >= SETTLE_EVERY:
                    total += conversations.settle()
                    settled = time.monotonic()
                if options["once"]:
                    break
                # idle: a plain read each poll until a row is due (or it is time to settle),
                # so an idle drain never takes SQLite's one writer
                time.sleep(options["poll"])
                while not stopping and time.monotonic() - settled < SETTLE_EVERY and not _due():
                    time.sleep(options["poll"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if options["verbosity"] > 0:
            self.stdout.write(f"{total} pesan ditangani")
