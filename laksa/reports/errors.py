"""Errors raised by report actions; every message is meant for the person who tried."""

from __future__ import annotations


class ActionError(Exception):
    """An action refused; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(ActionError):
    """The user's role or scope does not allow this action on this report."""


class IllegalTransition(ActionError):
    """The report's current status does not allow this action."""


class StaleReport(ActionError):
    """Someone else changed the report since the page was loaded."""


class InvalidInput(ActionError):
    """An argument is missing or out of range."""
