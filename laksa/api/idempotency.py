"""An action on a report done once per `Idempotency-Key`, for the staff and field apps (a queue
that re-sends when no answer came). The first send runs the action and keeps its outcome in a
dispatch.Submission (dispatch.submissions.once); every send of the key gets the first answer.

Who may act and whether the input is whole are checked before the action (`prepare`), so those
answers (403, 422) are never kept. What the action itself refuses is kept with the key, and is
answered as the same request without a key would be."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja.params import functions as param

from laksa.api.errors import ApiError, error_response, refusal_status
from laksa.dispatch import verbs
from laksa.reports.models import Report

KEY = "Idempotency-Key"

IdempotencyKey = Annotated[
    str | None,
    param.Header(
        alias=KEY,
        max_length=100,
        description="A UUID made once per action (the offline queue's id): the action is done "
        "once, and a re-send gets the first send's answer.",
    ),
]

RULES = """\
With an `Idempotency-Key` (a UUID; anything else is 422) the action is done once. A re-send of
the key changes nothing, carries the header `Idempotent-Replayed: true`, and is answered from the
first send: 200 with the report as it is now if that was done, else the first refusal again, with
the status and error code the same request without a key gets. Who may act (403) and the input's
shape (422) are checked before the action and never kept. A key is its sender's: the same key from
another user is another action. A key the sender used on another report or for another action
is 422."""

View = TypeVar("View", bound=Callable[..., Any])
Refused = Callable[[str, str], HttpResponse]
"""(error code, message) -> the answer to a refused action."""


def idempotent(view: View, *, more: str = "") -> View:
    """Adds the Idempotency-Key rules to the endpoint's documentation (put under @router.post)."""
    parts = [inspect.cleandoc(view.__doc__ or ""), RULES, inspect.cleandoc(more)]
    view.__doc__ = "\n\n".join(p for p in parts if p)
    return view


def client_id(key: str | None) -> uuid.UUID | None:
    if key is None:
        return None
    try:
        return uuid.UUID(key.strip())
    except ValueError as exc:
        raise ApiError(422, _("Idempotency-Key harus berupa UUID."), field=KEY) from exc


def key_used_elsewhere() -> ApiError:
    # The sender's own earlier use, named no further: a client bug, not something to explore.
    return ApiError(422, _("Idempotency-Key ini sudah dipakai untuk permintaan lain."), field=KEY)


def refusal(code: str, message: str) -> HttpResponse:
    """A refused action answered as the API's handler answers an ActionError."""
    return error_response(refusal_status(code), message, code=code)


def perform_once(
    response: HttpResponse,
    key: str | None,
    *,
    user: Any,
    report: Report,
    action: str,
    prepare: Callable[[], dict[str, Any]],
    answer: Callable[[], Any],
    refused: Refused = refusal,
) -> Any:
    """Run the verb (dispatch/verbs.py) with the arguments `prepare` checks and returns, once per
    key if there is one; `answer()` when it was done, else the refusal. `response` is ninja's
    temporal response (for headers)."""
    cid = client_id(key)
    try:
        outcome = verbs.replayed(action, user=user, code=report.code, client_id=cid)
    except verbs.KeyReused:
        raise key_used_elsewhere() from None
    if outcome is None:
        arguments = prepare()
        outcome = verbs.perform(
            action, user=user, report=report, arguments=arguments, client_id=cid
        )
    result = answer() if outcome.ok else refused(outcome.refusal, outcome.message)
    if outcome.repeat:
        (response if outcome.ok else result)["Idempotent-Replayed"] = "true"
    return result
