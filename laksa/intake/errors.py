"""Why intake refused a message: every problem at once, each with the field it is about, so a
form marks its fields, the API lists them and an SMS answers in one text."""

from __future__ import annotations

from dataclasses import dataclass

from laksa.reports.errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    field: str | None
    """The Inbound field (description, category, point, photos, answers.<code>, ...), or None."""
    message: str


class Rejected(InvalidInput):
    """The message cannot become a report; nothing was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems
