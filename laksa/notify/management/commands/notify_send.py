"""`laksa notify-send [--once] [--batch N]`: the outbox worker as a process of its own.

Without --once it keeps draining, looking again every --poll seconds when nothing is due; with
--once it sends what is due now and exits (cron, or a drill)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from laksa.notify import outbox


class Command(BaseCommand):
    help = "Kirim pesan keluar yang sudah waktunya (SMS, surel), berulang sampai dihentikan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Kirim yang ada lalu berhenti.")
        parser.add_argument("--batch", type=int, default=outbox.BATCH)
        parser.add_argument("--threads", type=int, default=outbox.THREADS)
        parser.add_argument("--poll", type=float, default=2.0, help="Detik antar pemeriksaan.")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True  # finish the round in hand: its rows are recorded, none left leased

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = 0
        while not stopping:
            handled = outbox.send_due(batch=options["batch"], threads=options["threads"])
            total += handled
            if handled:
                continue
            if options["once"]:
                break
            time.sleep(options["poll"])
        if options["verbosity"] > 0:
            self.stdout.write(f"{total} pesan diproses")
