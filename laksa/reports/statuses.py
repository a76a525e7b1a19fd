"""The report lifecycle (DESIGN.md §2). The status *type*, not its name, drives colours,
Open311 open/closed and statistics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusType(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    IN_HAND = "in_hand", _("Ditangani")
    DONE = "done", _("Selesai")
    CLOSED = "closed", _("Ditutup")


class Status(models.TextChoices):
    NEW = "new", _("Baru")
    VERIFIED = "verified", _("Terverifikasi")
    DISPATCHED = "dispatched", _("Ditanggapi")
    IN_PROGRESS = "in_progress", _("Dikerjakan")
    DONE = "done", _("Selesai")
    CLOSED = "closed", _("Ditutup")
    REJECTED = "rejected", _("Ditolak")
    DUPLICATE = "duplicate", _("Duplikat")
    REFERRED = "referred", _("Dirujuk")


STATUS_TYPE: dict[str, StatusType] = {
    Status.NEW: StatusType.WAITING,
    Status.VERIFIED: StatusType.WAITING,
    Status.DISPATCHED: StatusType.IN_HAND,
    Status.IN_PROGRESS: StatusType.IN_HAND,
    Status.DONE: StatusType.DONE,
    Status.CLOSED: StatusType.DONE,
    Status.REJECTED: StatusType.CLOSED,
    Status.DUPLICATE: StatusType.CLOSED,
    Status.REFERRED: StatusType.CLOSED,
}

COLOUR: dict[StatusType, str] = {
    StatusType.WAITING: "red",
    StatusType.IN_HAND: "yellow",
    StatusType.DONE: "green",
    StatusType.CLOSED: "grey",
}

# Hex values used by every map and badge, so red means the same red everywhere.
HEX: dict[str, str] = {"red": "#d62828", "yellow": "#f4a100", "green": "#2a9d3f", "grey": "#7a7a7a"}

COLOUR_LABEL = {
    "red": _("Merah: baru"),
    "yellow": _("Kuning: ditangani"),
    "green": _("Hijau: selesai"),
    "grey": _("Abu-abu: ditutup tanpa pengerjaan"),
}


def status_type(status: str) -> StatusType:
    return STATUS_TYPE[status]


def colour(status: str) -> str:
    return COLOUR[STATUS_TYPE[status]]


def statuses_of_type(*types: StatusType) -> tuple[str, ...]:
    """The statuses of the given types, in lifecycle order."""
    return tuple(s for s, t in STATUS_TYPE.items() if t in types)


# The status groups the code asks about, each defined here once and in lifecycle order.
# Most are unions of types; the rest are one explicit rule on top of them.

WAITING = statuses_of_type(StatusType.WAITING)
"""No agency has taken the job yet (new, verified): the response target runs."""

IN_HAND = statuses_of_type(StatusType.IN_HAND)
"""An agency has taken the job and works on it (dispatched, in progress)."""

FINISHED = statuses_of_type(StatusType.DONE)
"""The work is done (done), then confirmed by the citizen or by time (closed)."""

CLOSED_WITHOUT_WORK = statuses_of_type(StatusType.CLOSED)
"""Closed with no work done: rejected, a duplicate, or referred outside the city."""

OPEN_STATUSES = statuses_of_type(StatusType.WAITING, StatusType.IN_HAND)
"""Statuses in which a report still needs work; Open311 calls them `open`."""

ROUTED: tuple[str, ...] = (Status.VERIFIED, *IN_HAND)
"""Verified plus in hand: an agency holds the job and has not finished it (new has no agency)."""

ROUTED_OR_FINISHED: tuple[str, ...] = (*ROUTED, *FINISHED)
"""An agency holds the job or has finished it: the statuses in which assignments stay open."""

DISCARDED: tuple[str, ...] = (Status.REJECTED, Status.DUPLICATE)
"""Not a complaint of its own: rejected, or folded into an earlier report (referred is real)."""
