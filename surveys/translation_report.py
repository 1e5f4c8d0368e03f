"""The surveys' part of the translations report (workshops.parity.register_source): every
opened survey, its questions and their choices that lack French or Spanish text, a Gap per
object and language, with the reason staff gave for opening the survey anyway. Three
queries however many surveys; registered by SurveysConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from surveys.models.surveys import Survey
from surveys.selectors.answering import questions_with_choices
from workshops import parity


def survey_gaps() -> Iterator[parity.Gap]:
    surveys = (
        Survey.objects.filter(status=Survey.Status.OPEN)
        .order_by("-opens_on", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions_with_choices()))
    )
    for survey in surveys:
        waiver = survey.translation_waiver_reason or ""
        objects = [survey]
        for question in survey.questions.all():
            objects += [question, *question.choices.all()]
        for obj in objects:
            for language in parity.OTHER_LANGUAGES:
                names = parity.missing_fields(obj, language)
                if names:
                    yield parity.Gap(str(obj._meta.verbose_name), obj, language, names, waiver)


def register() -> None:
    parity.register_source(survey_gaps)
