"""A report's answers to its category's questions (Open311 attributes): with nothing answered and
nothing required there is nothing to check, and no form is built for it (the form cost 4% of an
Open311 POST); otherwise the form decides, as before."""

from __future__ import annotations

from typing import Any
from unittest import mock

from laksa.catalog import answers
from laksa.catalog.models import Category, Datatype, Question


def _question(category: Category, code: str, *, required: bool) -> Question:
    return Question.objects.create(
        category=category, code=code, datatype=Datatype.NUMBER, required=required,
        prompt_id=code, prompt_en=code,
    )  # fmt: skip


def test_nothing_answered_and_nothing_required_builds_no_form(pothole: Category) -> None:
    pothole.questions.all().delete()  # the fixture's own asks a required one
    _question(pothole, "lebar", required=False)
    with mock.patch.object(answers, "QuestionsForm", wraps=answers.QuestionsForm) as form:
        assert answers.clean_answers(pothole, {}) == ({}, {})
        assert answers.clean_answers(pothole, {"lebar": "", "lain": "x"}) == ({}, {})
        assert form.call_count == 0
        assert answers.clean_answers(pothole, {"lebar": "2.5"}) == ({"lebar": 2.5}, {})
        assert answers.clean_answers(pothole, {"lebar": "lebar"})[1].keys() == {"lebar"}
        assert form.call_count == 2


def test_a_required_question_left_unanswered_is_still_refused(pothole: Category) -> None:
    pothole.questions.all().delete()
    _question(pothole, "lebar", required=False)
    _question(pothole, "dalam", required=True)
    answered: Any = answers.clean_answers(pothole, {})
    assert answered[0] == {} and list(answered[1]) == ["dalam"]
