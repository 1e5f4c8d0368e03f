"""What the results page, the exports and the report read (issue 14, item 4). Each selector
runs a fixed number of queries however many responses, questions or choices there are, and
none of them links an anonymous answer to its author: answers are read by question, and who
took part only from Participation, which names no response.

    questions_of(survey)        the questions in order with their choices: 2 queries
    submitted_answers(survey)   every Answer of the survey's submitted responses, as plain
                                rows (response_id, question_id, choice_id, rank, rating,
                                number, text), in no meaningful order: 1 query
    answer_counts(survey)       per (question_id, choice_id) the number of answers, and per
                                question the number of responses that answered it: 2 queries
    participations(survey)      who took part, with the state and its region: 1 query
    response_count(survey)      the number of submitted responses: 1 query

For an anonymous survey, submitted_answers' response_id only groups the answers of one
response (a random key); it is never shown, exported or joined to a person or a state.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from surveys.models.responses import Answer, Participation, Response
from surveys.models.surveys import Question, Survey
from surveys.selectors.answering import questions_with_choices

ANSWER_FIELDS = ("response_id", "question_id", "choice_id", "rank", "rating", "number", "text")


def questions_of(survey: Survey) -> list[Question]:
    return list(questions_with_choices().filter(survey=survey))


def submitted_answers(survey: Survey) -> QuerySet:
    """Plain rows (dicts of ANSWER_FIELDS); iterate them once, e.g. with .iterator()."""
    return Answer.objects.filter(response__survey=survey).values(*ANSWER_FIELDS)


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
    answered = {
        row["question_id"]: row["count"]
        for row in answers.values("question_id")
        .annotate(count=Count("response_id", distinct=True))
        .order_by()
    }
    return {"choices": choices, "answered": answered}


def participations(survey: Survey) -> QuerySet[Participation]:
    """Who took part (state and region, or person): for the response rate, never beside an
    answer."""
    return Participation.objects.filter(survey=survey).select_related("member_state", "user")


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()
