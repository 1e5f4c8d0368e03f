"""Reads of the answering pages: a survey with its questions and choices, and a respondent's
draft and submitted response. The page's query count does not grow with the number of
questions, choices or responses (tests/surveys/test_answering_queries.py)."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from surveys import edit_keys
from surveys.models.responses import Answer, Draft, Participation, Response
from surveys.models.surveys import Choice, Question, Survey
from surveys.selectors.audiences import Respondent


def questions_with_choices() -> QuerySet[Question]:
    return Question.objects.order_by("order", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
    )


def opened_survey(pk: int) -> Survey:
    """A survey staff have opened, with its questions and choices (three queries), or 404.
    Whether it is for the user and open today is the view's next question."""
    return get_object_or_404(
        Survey.objects.filter(status=Survey.Status.OPEN)
        .select_related("programme", "workshop")
        .prefetch_related(Prefetch("questions", queryset=questions_with_choices())),
        pk=pk,
    )


def draft_of(survey: Survey, respondent: Respondent) -> Draft | None:
    return (
        Draft.objects.filter(survey=survey, **respondent.lookup())
        .select_related("updated_by")
        .first()
    )


def has_participated(survey: Survey, respondent: Respondent) -> bool:
    return Participation.objects.filter(survey=survey, **respondent.lookup()).exists()


def response_of(survey: Survey, respondent: Respondent) -> Response | None:
    """The respondent's submitted response with its answers (two queries); None for an
    anonymous survey, whose responses name nobody."""
    if survey.is_anonymous:
        return None
    return (
        Response.objects.filter(survey=survey, **respondent.lookup())
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question", "choice"))
        )
        .first()
    )


def own_response(survey: Survey, respondent: Respondent, response_id: str) -> Response:
    """The respondent's own response by its id, or 404 (someone else's is not found)."""
    try:
        key = uuid.UUID(str(response_id))
    except ValueError as error:
        raise Http404 from error
    response = response_of(survey, respondent)
    if response is None or response.pk != key:
        raise Http404
    return response


def participation_of(survey: Survey, respondent: Respondent) -> Participation | None:
    return Participation.objects.filter(survey=survey, **respondent.lookup()).first()


def anonymous_response(survey: Survey, user, edit_key: str | None) -> Response | None:
    """The anonymous response that `edit_key` (from its author's browser) opens for `user`,
    with its answers (two queries); None without a key or with one that opens nothing."""
    if not survey.is_anonymous or not edit_key:
        return None
    return (
        Response.objects.filter(survey=survey, edit_key_digest=edit_keys.digest(edit_key, user))
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question", "choice"))
        )
        .first()
    )
