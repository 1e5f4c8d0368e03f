"""Theme selection (issue 14, item 5): apply the winner of a ranking question, by Borda count,
as the overarching theme of the next year's programme, in English, French and Spanish from
the choice's translations.

Locks the question's row (select_for_update), then recomputes the result under it, so two
staff confirming at once apply it once each with the same winner; the programme's row is
locked after it by workshops.services.set_programme_theme (always in this order). Refuses a
question with no responses, a tie for first place (staff decide a tie, not the portal), and a
winner that changed since the confirmation page was shown. Records who and when on the
question, and the change in the admin's history of the programme and of the survey.
"""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from surveys.errors import SurveyError
from surveys.models.surveys import Question, Survey
from surveys.selectors import themes as themes_selectors
from workshops import services as workshop_services
from workshops.models import Programme


class ThemeRefused(SurveyError):
    pass


@transaction.atomic
def apply_winning_theme(*, question_id: int, expected_choice_id: int, by) -> Programme:
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("survey__programme")
        .get(pk=question_id)
    )
    if question.kind != Question.Kind.RANKING:
        raise ThemeRefused(gettext("Only the winner of a ranking question can become a theme."))
    proposal = themes_selectors.theme_proposal(question)
    if not proposal.result.answered:
        raise ThemeRefused(gettext("Nobody has answered this question yet: there is no winner."))
    if proposal.winner is None:
        raise ThemeRefused(
            gettext(
                "%(choices)s share first place with %(points)s points each: a tie has no "
                "winner. Decide between them and set the theme on the programme itself."
            )
            % {
                "choices": ", ".join(f"“{line.label}”" for line in proposal.tied),
                "points": proposal.tied[0].points if proposal.tied else 0,
            }
        )
    if proposal.winner.pk != expected_choice_id:
        raise ThemeRefused(
            gettext("The results changed since you looked: check the new winner and confirm again.")
        )
    survey: Survey = question.survey
    message = gettext(
        "Overarching theme set to “%(theme)s”, the winner of “%(question)s” in the survey "
        "“%(survey)s” (%(points)s Borda points)."
    ) % {
        "theme": proposal.new_theme["en"],
        "question": question.text_en,
        "survey": survey.title_en,
        "points": proposal.points,
    }
    programme, _created = workshop_services.set_programme_theme(
        year=proposal.year, theme=proposal.new_theme, by=by, change_message=message
    )
    question.theme_applied_to = programme
    question.theme_applied_by = by
    question.theme_applied_at = timezone.now()
    question.full_clean(exclude=["survey", "theme_applied_to", "theme_applied_by"])
    question.save(update_fields=["theme_applied_to", "theme_applied_by", "theme_applied_at"])
    for obj in (survey, question):
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=gettext("Winner applied as the theme of IDM %(year)s: %(message)s")
            % {"year": programme.year, "message": message},
            single_object=True,
        )
    return programme
