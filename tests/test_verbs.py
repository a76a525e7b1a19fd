"""One table of verbs (dispatch/verbs.py) for the console, SIGAP and the API: every door's action
is a verb of the table, a refusal reads the same through every door, and a verb the user may not
ask for is refused before anything is done or kept."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from laksa.api.models import PersonalToken
from laksa.console import forms as console_forms
from laksa.dispatch import verbs
from laksa.dispatch.models import Submission
from laksa.field.views import FORMS as FIELD_FORMS
from laksa.reports import actions
from laksa.reports.statuses import Status
from tests.api_helpers import bearer, post_json
from tests.conftest import login

pytestmark = pytest.mark.django_db


def token_for(user: Any) -> dict[str, str]:
    _token, key = PersonalToken.create_with_key(user, f"uji-{uuid.uuid4().hex[:6]}")
    return bearer(key)


def test_it_names_every_action_of_the_console_and_sigap() -> None:
    console = {
        cls.verb
        for cls in vars(console_forms).values()
        if isinstance(cls, type)
        and issubclass(cls, console_forms.VersionedForm)
        and isinstance(getattr(cls, "verb", None), str)
    }
    assert console == {
        "verify",
        "reject",
        "merge",
        "refer",
        "priority",
        "visibility",
        "reply",
        "note",
        "place",
    }
    assert set(FIELD_FORMS) == {"accept", "assign", "start", "progress", "reroute", "complete"}
    assert console | set(FIELD_FORMS) | {"accept_proof", "return"} == set(verbs.VERBS)


def test_a_stale_page_is_refused_alike_by_the_console_and_the_api(
    make_report: Any, operator: Any
) -> None:
    report = make_report()
    stale = report.version
    actions.set_priority(report, by=operator, priority=2)  # someone else acted meanwhile
    page = login(operator).post(
        reverse("console:reject", args=[report.code]),
        {"version": stale, "reason": "Bukan pengaduan"},
    )
    [console_message] = [str(m) for m in get_messages(page.wsgi_request)]
    api = post_json(
        Client(),
        f"/staff/reports/{report.code}/reject",
        {"reason": "Bukan pengaduan", "expected_version": stale},
        **token_for(operator),
    )
    assert api.status_code == 409
    assert api.json()["errors"][0] == {"code": "stale", "message": console_message, "field": None}
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_a_verb_the_user_may_not_ask_for_is_refused_and_never_kept(
    make_report: Any, supervisor_a: Any
) -> None:
    report = make_report()
    key = str(uuid.uuid4())
    refused = post_json(
        Client(),
        f"/staff/reports/{report.code}/reject",
        {"reason": "Bukan pengaduan", "expected_version": report.version},
        **token_for(supervisor_a),
        **{"Idempotency-Key": key},
    )
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == "forbidden"
    assert not Submission.objects.filter(client_id=key).exists()
    outcome = verbs.perform("reject", user=supervisor_a, report=report, arguments={"reason": "x"})
    assert (outcome.ok, outcome.refusal) == (False, "forbidden")
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_every_verb_takes_who_the_version_seen_and_the_moment() -> None:
    import inspect

    for name, verb in verbs.VERBS.items():
        params = inspect.signature(verb.action).parameters
        assert {"by", "expected_version", "now"} <= set(params), name
        assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ("by", "now")), name


def test_a_field_verb_refuses_a_stale_page_too(
    make_report: Any, operator: Any, supervisor_a: Any, crew_a: Any
) -> None:
    from laksa.dispatch import actions as field

    report = make_report()
    actions.verify_report(report, by=operator)
    field.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    stale = report.version
    actions.set_priority(report, by=operator, priority=2)  # someone else acted meanwhile
    for name, arguments in (
        ("assign", {"crew": crew_a}),
        ("progress", {"note": "Bahan datang"}),
        ("reroute", {"reason": "Bukan jalan kota"}),
    ):
        outcome = verbs.perform(
            name,
            user=supervisor_a,
            report=report,
            arguments={**arguments, "expected_version": stale},
        )
        assert (outcome.ok, outcome.refusal) == (False, "stale"), name
