"""A log formatter that writes a record as one line, without its traceback: for refusals that
scanners cause all day (a wrong Host header), where the traceback says nothing new."""

from __future__ import annotations

import logging


class OneLineFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info = plain.exc_text = plain.stack_info = None
        return super().format(plain).replace("\n", " ")
