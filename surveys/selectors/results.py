"""What the results page, the exports and the report read (issue 14, item 4). Each selector
runs a fixed number of queries however many responses, questions or choices there are, and
none of them links an anonymous answer to its author: answers are read by question, and who
took part only from Participation, which names no response.

    questions_of(survey)        the questions in order with their choices: 2 queries
    submitted_answers(survey)   every Answer of the survey's submitted responses, as plain
                                rows (response_id, question_id, choice_id, rank, rating,
                                number, text), ordered by the response's random key only
                                (never by when it was written): 1 query
    answer_counts(survey)       per (question_id, choice_id) the number of answers, and per
                                question the number of responses that answered it: 2 queries
    tallies(survey)             the database's counts per (question, choice, rank, rating,
                                number), per question answered, and the free texts: 3 queries
    survey_results(survey)      every question's figures (surveys.tally), ready for the page,
                                the exports and the report: 6 queries
    participations(survey)      who took part, with the state and its region: 1 query
    response_count(survey)      the number of submitted responses: 1 query

For an anonymous survey, submitted_answers' response_id only groups the answers of one
response (a random key); it is never shown, exported or joined to a person or a state.
Free texts are listed in alphabetical order, never in the order they were written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from surveys import tally
from surveys.models.responses import Answer, Participation, Response
from surveys.models.surveys import RATING_MAX, RATING_MIN, Question, Survey
from surveys.selectors.answering import questions_with_choices

ANSWER_FIELDS = ("response_id", "question_id", "choice_id", "rank", "rating", "number", "text")
Kind = Question.Kind


def questions_of(survey: Survey) -> list[Question]:
    return list(questions_with_choices().filter(survey=survey))


def submitted_answers(survey: Survey) -> QuerySet:
    """Plain rows (dicts of ANSWER_FIELDS) grouped by response (ordered by its random key,
    then question); iterate them once, e.g. with .iterator()."""
    return (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "question_id", "rank", "choice_id")
        .values(*ANSWER_FIELDS)
    )


def answer_counts(survey: Survey) -> dict:
    """{"choices": {(question_id, choice_id): answers}, "answered": {question_id: responses}}."""
    answers = Answer.objects.filter(response__survey=survey)
    choices = {
        (row["question_id"], row["choice_id"]): row["count"]
        for row in answers.filter(choice__isnull=False)
        .values("question_id", "choice_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return {"choices": choices, "answered": answered_counts(survey)}


def answered_counts(survey: Survey) -> dict[int, int]:
    """{question id: how many responses answered it}: 1 query."""
    return {
        row["question_id"]: row["count"]
        for row in Answer.objects.filter(response__survey=survey)
        .values("question_id")
        .annotate(count=Count("response_id", distinct=True))
        .order_by()
    }


@dataclass
class Tallies:
    """What the database counted, for surveys.tally: answers per (choice, rank) of each choice
    question, per rating, per number value; responses per question; the texts."""

    choices: dict[int, dict[tuple[int, int | None], int]] = field(default_factory=dict)
    ratings: dict[int, dict[int, int]] = field(default_factory=dict)
    numbers: dict[int, dict[Decimal, int]] = field(default_factory=dict)
    answered: dict[int, int] = field(default_factory=dict)
    texts: dict[int, list[tuple[str, int]]] = field(default_factory=dict)


def tallies(survey: Survey) -> Tallies:
    """Three queries, aggregated in the database: one GROUP BY over every answer but the
    texts, the responses per question, and the texts themselves (sorted, not as written)."""
    answers = Answer.objects.filter(response__survey=survey)
    found = Tallies(answered=answered_counts(survey))
    grouped = (
        answers.filter(text="")
        .values("question_id", "choice_id", "rank", "rating", "number")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in grouped:
        question_id, count = row["question_id"], row["count"]
        if row["choice_id"] is not None:
            key = (row["choice_id"], row["rank"])
            found.choices.setdefault(question_id, {})[key] = count
        elif row["rating"] is not None:
            found.ratings.setdefault(question_id, {})[row["rating"]] = count
        elif row["number"] is not None:
            values = found.numbers.setdefault(question_id, {})
            values[Decimal(row["number"])] = values.get(Decimal(row["number"]), 0) + count
    # Identical texts are counted once, with how many gave them: grouped in the database.
    texts = (
        answers.exclude(text="")
        .values("question_id", "text")
        .annotate(count=Count("pk"))
        .order_by(Lower("text"), "text")
    )
    for row in texts:
        found.texts.setdefault(row["question_id"], []).append((row["text"], row["count"]))
    return found


@dataclass
class Line:
    """One line of a question's figures: a choice, a rating, a place in a ranking."""

    label: str
    count: int
    percent: Decimal | None = None
    points: int | None = None
    place: int | None = None
    is_tied: bool = False
    first_places: int | None = None
    choice_id: int | None = None


@dataclass
class QuestionResult:
    number: int  # 1, 2, 3… in the survey's order
    question: Question
    answered: int  # responses that answered it
    lines: list[Line] = field(default_factory=list)
    mean: Decimal | None = None  # rating scales
    summary: tally.NumberSummary | None = None  # numbers
    # Short and long texts: (text, how many gave it), in alphabetical order.
    texts: list[tuple[str, int]] = field(default_factory=list)
    standings: list[tally.Standing] = field(default_factory=list)  # rankings

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def texts_html(self) -> SafeString:
        """The free texts as list items, built here: a template loop over 10,000 texts costs
        the results page about half a second."""
        return format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (linebreaksbr(text), f" (×{count})" if count > 1 else "")
                for text, count in self.texts
            ),
        )

    @property
    def winner(self) -> Line | None:
        """The ranking's choice alone in first place, or None (none yet, or a tie)."""
        best = tally.winner(self.standings)
        if best is None:
            return None
        return next(line for line in self.lines if line.choice_id == best.choice_id)

    @property
    def has_tie_for_first(self) -> bool:
        return bool(self.answered and self.standings and self.standings[0].is_tied)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def question_result(number: int, question: Question, found: Tallies) -> QuestionResult:
    """One question's figures from the database's counts (no query)."""
    answered = found.answered.get(question.pk, 0)
    result = QuestionResult(number=number, question=question, answered=answered)
    counts = found.choices.get(question.pk, {})
    choices = list(question.choices.all())
    if question.kind == Kind.RANKING:
        result.standings = tally.borda([choice.pk for choice in choices], counts)
        texts = {choice.pk: choice.text for choice in choices}
        result.lines = [
            Line(
                label=texts[standing.choice_id],
                count=standing.first_places,
                percent=tally.percent(standing.first_places, answered),
                points=standing.points,
                place=standing.place,
                is_tied=standing.is_tied,
                first_places=standing.first_places,
                choice_id=standing.choice_id,
            )
            for standing in result.standings
        ]
    elif question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        for choice in choices:
            count = counts.get((choice.pk, None), 0)
            result.lines.append(
                Line(
                    label=choice.text,
                    count=count,
                    percent=tally.percent(count, answered),
                    choice_id=choice.pk,
                )
            )
    elif question.kind == Kind.RATING:
        ratings = found.ratings.get(question.pk, {})
        result.mean = tally.mean_of(ratings.items())
        for value in range(RATING_MIN, RATING_MAX + 1):
            count = ratings.get(value, 0)
            label = str(value)
            if value == RATING_MIN and question.low_label:
                label = f"{value} – {question.low_label}"
            elif value == RATING_MAX and question.high_label:
                label = f"{value} – {question.high_label}"
            result.lines.append(
                Line(label=label, count=count, percent=tally.percent(count, answered))
            )
    elif question.kind == Kind.NUMBER:
        result.summary = tally.number_summary(found.numbers.get(question.pk, {}))
    else:
        result.texts = found.texts.get(question.pk, [])
    return result


def survey_results(survey: Survey) -> SurveyResults:
    """Every question's figures, in the active language (choices' and labels' texts): six
    queries however many responses (questions, choices, the response count and tallies')."""
    questions = questions_of(survey)
    found = tallies(survey)
    return SurveyResults(
        survey=survey,
        responses=response_count(survey),
        questions=[
            question_result(number, question, found)
            for number, question in enumerate(questions, start=1)
        ],
    )


def participations(survey: Survey) -> QuerySet[Participation]:
    """Who took part (state and region, or person): for the response rate, never beside an
    answer."""
    return Participation.objects.filter(survey=survey).select_related("member_state", "user")


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()
