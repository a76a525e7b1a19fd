"""Errors raised by report actions; every message is meant for the person who tried."""

from __future__ import annotations


class ActionError(Exception):
    """An action refused; nothing was changed. `code` names the kind of refusal to a program
    (the API's error code; kept with an offline submission so a re-send gets the same answer)."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(ActionError):
    """The user's role or scope does not allow this action on this report."""

    code = "forbidden"


class IllegalTransition(ActionError):
    """The report's current status does not allow this action."""

    code = "illegal_transition"


class StaleReport(ActionError):
    """Someone else changed the report since the page was loaded."""

    code = "stale"


class InvalidInput(ActionError):
    """An argument is missing or out of range."""

    code = "invalid"
