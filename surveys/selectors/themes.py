"""What the theme selection's confirmation page shows (issue 14, item 5): a ranking question's
winner by Borda count, its points, and the programme it would become the theme of (the
programme of the year after the survey's, which is the year the membership chooses for).
Seven queries (the question, the results', the programme)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404

from surveys.models.surveys import Choice, Question
from surveys.selectors import results as results_selectors
from workshops.models import Programme


@dataclass
class ThemeProposal:
    question: Question
    result: results_selectors.QuestionResult
    year: int
    programme: Programme | None  # None: it will be created, unpublished
    winner: Choice | None  # None: no responses, or a tie for first place

    @property
    def points(self) -> int | None:
        line = self.result.winner
        return line.points if line else None

    @property
    def tied(self) -> list[results_selectors.Line]:
        return [line for line in self.result.lines if line.place == 1 and line.is_tied]

    @property
    def new_theme(self) -> dict[str, str]:
        """The winner's text in each language (empty where it has none)."""
        if self.winner is None:
            return {}
        return {
            code: (getattr(self.winner, f"text_{code}", "") or "").strip()
            for code, _name in settings.LANGUAGES
        }

    @property
    def languages(self) -> list[tuple[str, str, str, str]]:
        """(code, name, current theme, new theme) per language, for the page."""
        return [
            (
                code,
                name,
                getattr(self.programme, f"theme_{code}", "") if self.programme else "",
                self.new_theme.get(code, ""),
            )
            for code, name in settings.LANGUAGES
        ]


def ranking_question(survey_id: int, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("survey__programme", "theme_applied_by"),
        pk=question_id,
        survey_id=survey_id,
        kind=Question.Kind.RANKING,
    )


def theme_proposal(question: Question) -> ThemeProposal:
    survey = question.survey
    found = results_selectors.tallies(survey)
    choices = {choice.pk: choice for choice in question.choices.all()}
    result = results_selectors.question_result(1, question, found)
    line = result.winner if result.answered else None
    year = survey.programme.year + 1
    return ThemeProposal(
        question=question,
        result=result,
        year=year,
        programme=Programme.objects.filter(year=year).first(),
        winner=choices.get(line.choice_id) if line else None,
    )
