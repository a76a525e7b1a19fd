"""`/start` asks for the chat greeting (how to report by chat), `/status <code>` for the
report's status as an SMS STATUS does: only a public report is found, to the chat it was
asked from."""

from __future__ import annotations

from typing import Any

from laksa.intake.telegram.inbound import handle, read_update
from laksa.reports.models import Report
from tests.intake.telegram.conftest import CHAT, update


def test_it_greets_on_start(bot: Any, asked_only: Any) -> None:
    outcome = handle(bot, read_update(update("start.json")))
    assert outcome.kind == "welcome"
    assert [(r["account"], r["to"], r["key"]) for r in asked_only] == [(bot, CHAT, "welcome")]


def test_it_tells_the_status_of_a_public_report(bot: Any, asked_only: Any, report: Report) -> None:
    report.code = "UJI-2612-00001"
    report.public = True
    report.save(update_fields=["code", "public"])
    outcome = handle(bot, read_update(update("status.json")))
    assert outcome.kind == "status" and outcome.report == report
    [reply] = asked_only
    assert (reply["to"], reply["key"], reply["report"]) == (CHAT, "status", report)
    assert reply["values"]["found"] == "1" and reply["values"]["code"] == "UJI-2612-00001"


def test_it_does_not_find_a_report_that_is_not_public(
    bot: Any, asked_only: Any, report: Report
) -> None:
    report.code = "UJI-2612-00001"
    report.public = False
    report.save(update_fields=["code", "public"])
    outcome = handle(bot, read_update(update("status.json")))
    assert outcome.kind == "status" and outcome.report is None
    assert asked_only[0]["values"]["found"] == "" and asked_only[0]["report"] is None


def test_it_does_not_understand_a_status_without_a_code(bot: Any, asked_only: Any) -> None:
    message = update("status.json")
    message["message"]["text"] = "/status"
    assert handle(bot, read_update(message)).kind == "status"
    assert asked_only[0]["key"] == "not_understood"
