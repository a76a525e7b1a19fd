"""Answering a category's extra questions (Open311 attributes): one form field per question,
validated by its datatype. Used by every way in: the web form, the call centre, Open311, the API."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from laksa.catalog.models import Category, Datatype, Question
from laksa.lib.storable import storable

QUESTION_PREFIX = "q_"


def question_field(question: Question) -> forms.Field:
    """The form field answering one Open311 attribute, validated by its datatype."""
    common: dict[str, Any] = {"label": question.prompt, "required": question.required}
    datatype = question.datatype
    if datatype == Datatype.NUMBER:
        return forms.FloatField(widget=forms.NumberInput(attrs={"step": "any"}), **common)
    if datatype == Datatype.DATETIME:
        return _AnswerDateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            **common,
        )
    if datatype == Datatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    if datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=question.choices(), widget=forms.RadioSelect, **common)
    if datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            choices=question.choices(), widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(max_length=200, **common)


class _AnswerDateTimeField(forms.DateTimeField):
    """A date-time that can be shown in the city's zone: 9999-12-31T23:59-23:00 cannot."""

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is not None:
            try:
                answer_value(result)
            except (OverflowError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        return result


def questions_of(category: Category | None) -> list[Question]:
    return list(category.questions.order_by("order", "id")) if category else []


class QuestionsForm(forms.Form):
    """Only the extra questions of one category: the partial fetched when the category changes."""

    def __init__(self, *args: Any, questions: Sequence[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[QUESTION_PREFIX + question.code] = question_field(question)


def answer_value(value: Any) -> Any:
    """An answer as JSON: datetimes as ISO text in the city's zone."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    return value


def clean_answers(
    category: Category, raw: Mapping[str, Any], questions: Sequence[Question] | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate answers keyed by question code (a list for multi-value questions), against the
    category's questions (read here unless the caller has them, in `questions_of`'s order).

    Returns (answers as JSON, errors by question code). Unknown codes are ignored.
    """
    questions = questions_of(category) if questions is None else questions
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        value = raw.get(question.code)
        if value in (None, "", []):
            continue
        if question.datatype != Datatype.MULTIVALUELIST and isinstance(value, list):
            value = value[-1]
        if question.datatype == Datatype.MULTIVALUELIST and not isinstance(value, list):
            value = [value]
        if question.datatype != Datatype.NUMBER:
            value = [_as_text(v) for v in value] if isinstance(value, list) else _as_text(value)
        wrong = _wrong_type(question, value)
        if wrong:
            errors[question.code] = [wrong]
            continue
        data[QUESTION_PREFIX + question.code] = value
    if not data and not errors and not any(question.required for question in questions):
        return {}, {}  # nothing to check: what the form answers, without building it
    form = QuestionsForm(_MultiDict(data), questions=questions)
    if errors or not form.is_valid():
        found = {
            name.removeprefix(QUESTION_PREFIX): [str(e) for e in errs]
            for name, errs in form.errors.items()
        }
        return {}, found | errors
    answers = {
        q.code: answer_value(form.cleaned_data[QUESTION_PREFIX + q.code])
        for q in questions
        if form.cleaned_data.get(QUESTION_PREFIX + q.code) not in (None, "", [])
    }
    return answers, {}


def _wrong_type(question: Question, value: Any) -> str:
    """Why a JSON answer cannot be read by the question's field, or "". A form would quietly
    store an object's repr, read true as 1.0, or fail on an integer no float can hold."""
    if question.datatype == Datatype.NUMBER:
        if isinstance(value, str):
            return _not_utf8(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("Jawaban harus berupa angka.")
        try:
            finite = math.isfinite(float(value))
        except OverflowError:
            finite = False
        return "" if finite else _("Jawaban harus berupa angka.")
    values = value if question.datatype == Datatype.MULTIVALUELIST else [value]
    if not all(isinstance(v, str) for v in values):
        return _("Jawaban harus berupa teks.")
    return next((wrong for v in values if (wrong := _not_utf8(v))), "")


def _as_text(value: Any) -> Any:
    """A JSON number given for a text or a choice ("12" for a house number, 2 for a choice's key)
    is read as the text it stands for, as a form would; true, an object or a list is not."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    return value


def _not_utf8(text: str) -> str:
    """A lone surrogate (JSON "\\ud800") or a NUL is text Python holds but no database stores."""
    return "" if storable(text) else _("Jawaban memuat karakter yang tidak sah.")


class _MultiDict(dict):  # type: ignore[type-arg]
    """Just enough of a QueryDict for a form: lists come back whole from getlist()."""

    def getlist(self, key: str, default: Any = None) -> list[Any]:
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]
