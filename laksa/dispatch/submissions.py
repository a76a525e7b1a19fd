"""Exactly once for the phone's offline queue and the API's Idempotency-Key. The app gives every
action a client id when it is taken; it may send it again (no answer came, the signal dropped),
and the server does it only the first time. A client id is its sender's: the same id from two
users is two actions. The Submission row is written in the action's own transaction, so two sends
racing each other leave one action: the second hits the unique (id, user) and rolls back."""

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


def seen(client_id: uuid.UUID, user: Any) -> Submission | None:
    """The kept outcome of this user's action with this id, if it was sent before."""
    return Submission.objects.filter(client_id=client_id, user_id=user.pk or 0).first()


def once(
    client_id: uuid.UUID, *, user: Any, report: Report, action: str, do: Callable[[], Any]
) -> tuple[Submission, bool]:
    """Run `do` unless this id was seen; (submission, first time). A refused action is kept as
    refused, with its message, so a re-send is told the same and the phone stops retrying."""
    kept = seen(client_id, user)
    if kept is not None:
        return kept, False
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
        return Submission.objects.get(client_id=client_id, user_id=user.pk), False
