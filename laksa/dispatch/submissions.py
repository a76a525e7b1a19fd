"""Exactly once for the phone's offline queue. The field app gives every action a client id when
it is taken; the phone may send it again (no answer came, the signal dropped), and the server
does it only the first time. The Submission row is written in the action's own transaction, so
two sends racing each other leave one action: the second hits the unique id and rolls back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from laksa.dispatch.models import Submission
from laksa.reports.errors import ActionError
from laksa.reports.models import Report


def parse_client_id(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def once(
    client_id: uuid.UUID, *, user: Any, report: Report, action: str, do: Callable[[], Any]
) -> tuple[Submission, bool]:
    """Run `do` unless this id was seen; (submission, first time). A refused action is kept as
    refused, with its message, so a re-send is told the same and the phone stops retrying."""
    seen = Submission.objects.filter(client_id=client_id).first()
    if seen is not None:
        return seen, False
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    do()
                ok, message, refusal = True, "", ""
            except ActionError as error:
                ok, message, refusal = False, str(error.message), error.code
            submission = Submission.objects.create(
                client_id=client_id,
                user=user,
                report=report,
                action=action[:20],
                ok=ok,
                message=message[:500],
                refusal=refusal,
            )
            return submission, True
    except IntegrityError:
        return Submission.objects.get(client_id=client_id), False
