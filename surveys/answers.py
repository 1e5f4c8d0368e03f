"""The rules of an answer, question by question: parse the answering form's values into the
stored form of a draft ({question id: value}), refusing what does not fit the question, and
turn a draft or a submitted response back into that form for the page. Pure functions: the
services (surveys.services.responses) call them before writing anything.

The form's fields, one set per question ``q<id>``:

    single choice     q<id> = a choice id                  -> stored as the id
    multiple choice   q<id> = a choice id, repeated        -> a sorted list of ids
    ranking           q<id>-c<choice id> = its rank 1..n   -> {"<choice id>": rank}
    rating (1 to 5)   q<id> = 1..5                         -> the rating
    number            q<id> = "12.5" (or "12,5")           -> the number as text
    short/long text   q<id> = text                         -> the text (trimmed)

A blank answer is no answer (left out). A ranking is all or nothing: every item a different
rank from 1 to n, or none. Required questions are checked only on submission.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext, ngettext

from surveys.errors import AnswerErrors
from surveys.models.surveys import RATING_MAX, RATING_MIN, Question

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
NUMBER_MAX = Decimal("999999999999.99")

Kind = Question.Kind


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def rank_field_name(question: Question, choice) -> str:
    return f"q{question.pk}-c{choice.pk}"


def _values(data, key: str) -> list[str]:
    """The values sent for `key`, from a QueryDict or a plain dict (str or list)."""
    if hasattr(data, "getlist"):
        values = data.getlist(key)
    else:
        value = data.get(key)
        values = [] if value is None else value if isinstance(value, list | tuple) else [value]
    return [str(value).strip() for value in values if str(value).strip() != ""]


def _choice_ids(question: Question) -> set[int]:
    return {choice.pk for choice in question.choices.all()}


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _single(question, data):
    values = _values(data, field_name(question))
    if not values:
        return None
    if len(values) > 1:
        raise ValueError(gettext("Choose one answer only."))
    choice_id = _as_id(values[0])
    if choice_id not in _choice_ids(question):
        raise ValueError(gettext("Choose one of the answers offered for this question."))
    return choice_id


def _multiple(question, data):
    values = _values(data, field_name(question))
    if not values:
        return None
    ids = {_as_id(value) for value in values}
    if not ids <= _choice_ids(question):
        raise ValueError(gettext("Choose only among the answers offered for this question."))
    return sorted(ids)


def _ranking(question, data):
    prefix = f"{field_name(question)}-c"
    sent = {}
    keys = data.keys()
    for key in keys:
        if key.startswith(prefix):
            values = _values(data, key)
            if values:
                sent[key[len(prefix) :]] = values[-1]
    if not sent:
        return None
    choice_ids = _choice_ids(question)
    count = len(choice_ids)
    if any(_as_id(key) not in choice_ids for key in sent):
        raise ValueError(gettext("Rank only the items offered for this question."))
    ranks = {}
    for key, value in sent.items():
        rank = _as_id(value)
        if rank is None or not 1 <= rank <= count:
            raise ValueError(
                gettext("Give each item a rank from 1 to %(count)s.") % {"count": count}
            )
        ranks[key] = rank
    given = sorted(ranks.values())
    repeated = sorted({rank for rank in given if given.count(rank) > 1})
    if repeated:
        raise ValueError(
            ngettext(
                "Each rank can be given to one item only: rank %(ranks)s is given twice.",
                "Each rank can be given to one item only: ranks %(ranks)s are given twice.",
                len(repeated),
            )
            % {"ranks": ", ".join(str(rank) for rank in repeated)}
        )
    if len(ranks) < count:
        raise ValueError(
            gettext("Rank every item, from 1 to %(count)s: %(missing)s still without a rank.")
            % {"count": count, "missing": count - len(ranks)}
        )
    return {str(choice_id): ranks[str(choice_id)] for choice_id in sorted(choice_ids)}


def _rating(question, data):
    values = _values(data, field_name(question))
    if not values:
        return None
    rating = _as_id(values[0])
    if len(values) > 1 or rating is None or not RATING_MIN <= rating <= RATING_MAX:
        raise ValueError(
            gettext("Choose a rating from %(low)s to %(high)s.")
            % {"low": RATING_MIN, "high": RATING_MAX}
        )
    return rating


def _number(question, data):
    values = _values(data, field_name(question))
    if not values:
        return None
    text = values[0].replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or len(values) > 1:
        raise ValueError(gettext("Enter a number, such as 12 or 12.5."))
    if abs(number) > NUMBER_MAX or number != number.quantize(Decimal("0.01")):
        raise ValueError(gettext("Enter a number with at most two decimals."))
    return f"{number.quantize(Decimal('0.01')).normalize():f}"


def _text(question, data):
    values = _values(data, field_name(question))
    if not values:
        return None
    limit = SHORT_TEXT_MAX if question.kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
    text = values[0]
    if len(text) > limit:
        raise ValueError(
            gettext("Keep this answer to %(limit)s characters (it has %(count)s).")
            % {"limit": limit, "count": len(text)}
        )
    return text


PARSERS = {
    Kind.SINGLE_CHOICE: _single,
    Kind.MULTIPLE_CHOICE: _multiple,
    Kind.RANKING: _ranking,
    Kind.RATING: _rating,
    Kind.NUMBER: _number,
    Kind.SHORT_TEXT: _text,
    Kind.LONG_TEXT: _text,
}


def parse(questions, data, *, check_required: bool) -> dict[str, object]:
    """The answers in `data` for `questions` (with their choices prefetched), as a draft
    stores them; AnswerErrors with a message per question for anything that does not fit,
    and, with check_required, for a required question left without an answer."""
    answers: dict[str, object] = {}
    errors: dict[int, str] = {}
    for question in questions:
        try:
            value = PARSERS[question.kind](question, data)
        except ValueError as error:
            errors[question.pk] = str(error)
            continue
        if value is None:
            if check_required and question.is_required:
                errors[question.pk] = gettext("This question needs an answer.")
            continue
        answers[str(question.pk)] = value
    if errors:
        raise AnswerErrors(errors)
    return answers


def as_form_data(answers: dict[str, object]) -> dict[str, object]:
    """Stored answers (a draft's, or a response's through from_answers) as the form's fields."""
    data: dict[str, object] = {}
    for question_id, value in answers.items():
        if isinstance(value, dict):
            for choice_id, rank in value.items():
                data[f"q{question_id}-c{choice_id}"] = str(rank)
        elif isinstance(value, list):
            data[f"q{question_id}"] = [str(item) for item in value]
        else:
            data[f"q{question_id}"] = str(value)
    return data


def from_answers(answer_rows) -> dict[str, object]:
    """A submitted response's Answer rows (with their questions) in a draft's stored form."""
    answers: dict[str, object] = {}
    for answer in answer_rows:
        key = str(answer.question_id)
        kind = answer.question.kind
        if kind == Kind.MULTIPLE_CHOICE:
            answers.setdefault(key, []).append(answer.choice_id)
        elif kind == Kind.RANKING:
            answers.setdefault(key, {})[str(answer.choice_id)] = answer.rank
        elif kind == Kind.SINGLE_CHOICE:
            answers[key] = answer.choice_id
        elif kind == Kind.RATING:
            answers[key] = answer.rating
        elif kind == Kind.NUMBER:
            answers[key] = f"{answer.number.normalize():f}"
        else:
            answers[key] = answer.text
    for value in answers.values():
        if isinstance(value, list):
            value.sort()
    return answers


def form_values(question: Question, data) -> dict[str, object]:
    """What the page shows as given for `question`, read from form data without judging it
    (a refused answer is shown again as typed, so nothing is lost)."""
    name = field_name(question)
    values = _values(data, name)
    ranks = {}
    if question.kind == Kind.RANKING:
        for choice in question.choices.all():
            given = _values(data, rank_field_name(question, choice))
            ranks[choice.pk] = given[-1] if given else ""
    return {"value": values[0] if values else "", "values": set(values), "ranks": ranks}
