"""The hidden form token of the citizen's forms (/lapor/, the guest book): the idempotency key of
one filled-in form, so a double tap or a re-sent post makes one report. The token is in the page,
and anyone who sees the page after the citizen (a shared phone or kiosk, the back button, a
cache) can post it again: the session a token was issued to is remembered, and only that browser
is given back the report its form made (with its private link)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import IO, cast

from django import forms
from django.http import HttpRequest, QueryDict

from laksa.intake.receive import fingerprint

SESSION_FORM_TOKENS = "laksa_form_tokens"
KEPT = 20
"""Tokens remembered per session: the forms a person may have open in a few tabs, and more."""


def issue(request: HttpRequest) -> uuid.UUID:
    """A new token for a form page, remembered as this session's. Issued with the page, not at
    the post: a double tap or a retry after a lost answer may arrive before the first post's
    session is saved, or without the cookie that answer would have set. Every visit so writes a
    session row; org.tasks.clear_expired_sessions deletes the expired ones each night."""
    token = uuid.uuid4()
    earlier = request.session.get(SESSION_FORM_TOKENS, [])[: KEPT - 1]
    request.session[SESSION_FORM_TOKENS] = [str(token), *earlier]
    return token


def issued_here(request: HttpRequest, token: uuid.UUID | str) -> bool:
    return str(token) in request.session.get(SESSION_FORM_TOKENS, [])


def renew(request: HttpRequest, form: forms.Form) -> None:
    """The bound form is shown again with a new token: its token made a report from other
    content, and sending the form again makes a new one."""
    data = cast(QueryDict, form.data).copy()
    data["form_token"] = str(issue(request))
    form.data = data


def form_fingerprint(form: forms.Form) -> str:
    """The filled-in form as intake.receive.fingerprint sees a request: every cleaned field (a
    chosen row by its id) and the bytes of every uploaded file. The same form posted again (a
    double tap, a retry) has the same fingerprint; other content under the same token has not."""
    fields: dict[str, object] = {}
    files: list[IO[bytes]] = []
    for name, value in form.cleaned_data.items():
        if isinstance(form.fields.get(name), forms.FileField):
            files += _uploads(value)
        else:
            fields[name] = getattr(value, "pk", value)
    return fingerprint(fields, files)


def _uploads(value: object) -> Iterable[IO[bytes]]:
    if not value:
        return []
    return [cast(IO[bytes], f) for f in (value if isinstance(value, list | tuple) else [value])]
