"""Staff's writes of surveys: opening one, and copying one for the next year.

Locks the survey's row (select_for_update) before checking. Refuses to open a survey whose
French or Spanish texts are missing (title, introduction, questions, help, scale labels,
choices) unless staff give a reason, recorded with their name and the time
(workshops.parity_fields.TranslationWaiver); refuses to copy to a year with no programme.
Sends nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from surveys.errors import MissingTranslations, SurveyError
from surveys.models.surveys import Choice, Question, Survey
from surveys.selectors import answering
from workshops.models import Programme
from workshops.translation import missing_languages


def missing_translations(survey: Survey) -> list[str]:
    """The languages (fr, es) in which some of the survey's text is not written yet: its own,
    its questions' or their choices'. Three queries."""
    questions = list(answering.questions_with_choices().filter(survey=survey))
    objects = [survey, *questions, *(c for q in questions for c in q.choices.all())]
    missing = {language for obj in objects for language in missing_languages(obj)}
    return sorted(missing, key=["fr", "es"].index)


@transaction.atomic
def open_survey(*, survey: Survey, by, waiver_reason: str = "") -> Survey:
    """Open a survey to its audience (from its opening day to its closing day)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_opened:
        return survey
    if not survey.questions.exists():
        raise SurveyError(gettext("Add the survey's questions before opening it."))
    if survey.audience == Survey.Audience.WORKSHOP_PARTICIPANTS and not survey.workshop_id:
        raise SurveyError(gettext("Choose the workshop whose participants answer."))
    missing = missing_translations(survey)
    waiver_reason = (waiver_reason or survey.translation_waiver_reason or "").strip()
    if missing and not waiver_reason:
        raise MissingTranslations(
            gettext(
                "“%(survey)s” still lacks its texts in %(languages)s: write them, or give the "
                "reason for opening it without them."
            )
            % {"survey": survey.title, "languages": ", ".join(missing)}
        )
    now = timezone.now()
    if missing:
        survey.translation_waiver_reason = waiver_reason
        survey.translation_waiver_by = by
        survey.translation_waiver_at = now
    survey.status = Survey.Status.OPEN
    survey.opened_by = by
    survey.opened_at = now
    survey.full_clean(exclude=["programme", "workshop", "opened_by", "translation_waiver_by"])
    survey.save()
    return survey


def _next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _translated(obj, fields) -> dict:
    return {
        f"{name}_{language}": getattr(obj, f"{name}_{language}")
        for name in fields
        for language in settings.MODELTRANSLATION_LANGUAGES
    }


@transaction.atomic
def copy_survey(*, survey: Survey, by=None) -> Survey:
    """A copy of the survey for the next year's programme: its texts in every language, its
    questions and choices, its dates a year later; being prepared (not open), no workshop
    (next year's workshops are other ones: staff choose it before opening), no answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    programme = Programme.objects.filter(year=survey.programme.year + 1).first()
    if programme is None:
        raise SurveyError(
            gettext("IDM %(year)s has no programme yet: create it before copying “%(survey)s”.")
            % {"year": survey.programme.year + 1, "survey": survey.title}
        )
    copy = Survey(
        programme=programme,
        audience=survey.audience,
        is_anonymous=survey.is_anonymous,
        opens_on=_next_year(survey.opens_on),
        closes_on=_next_year(survey.closes_on),
        copied_from=survey,
        **_translated(survey, ("title", "introduction")),
    )
    copy.full_clean(exclude=["programme", "copied_from"])
    copy.save()
    for question in answering.questions_with_choices().filter(survey=survey):
        new_question = Question(
            survey=copy,
            order=question.order,
            kind=question.kind,
            is_required=question.is_required,
            **_translated(question, ("text", "help_text", "low_label", "high_label")),
        )
        new_question.full_clean(exclude=["survey"])
        new_question.save()
        choices = [
            Choice(question=new_question, order=choice.order, **_translated(choice, ("text",)))
            for choice in question.choices.all()
        ]
        for choice in choices:
            choice.full_clean(exclude=["question"])
        Choice.objects.bulk_create(choices)
    return copy
