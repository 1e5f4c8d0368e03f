"""Applying a ranking's winner as the next programme's overarching theme (issue 14, item 5):
a confirmation page first, the theme set in English, French and Spanish, the change audited
(who and when on the question, the admin's history), a tie for first place refused, and
only for staff who may change surveys and programmes."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from surveys.models.surveys import Question
from surveys.services import themes
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.surveys.factories import survey_of_every_kind
from tests.surveys.results_helpers import answer, choice_ids, form
from tests.workshops.factories import ProgrammeFactory
from workshops.models import Programme

pytestmark = pytest.mark.django_db


def _ranked(ballots, *, next_programme=True):
    """A survey of IDM 2009 whose ranking got `ballots` (choice indexes, first to last)."""
    survey = survey_of_every_kind(programme=ProgrammeFactory(year=2009, theme_en="Old"))
    if next_programme:
        ProgrammeFactory(year=2010, theme_en="To be chosen", theme_fr="À choisir", theme_es="")
    for ranking in ballots:
        answer(survey, form(survey, ranking=ranking))
    question = survey.questions.get(kind=Question.Kind.RANKING)
    return survey, question


def _url(survey, question):
    return reverse("admin:surveys_survey_apply_theme", args=[survey.pk, question.pk])


def test_confirmation_then_theme_in_three_languages_audited(client):
    survey, question = _ranked([(1, 0, 2), (1, 2, 0), (0, 1, 2)])  # B: 2+2+1 = 5 points
    winner = question.choices.get(pk=choice_ids(question)[1])
    staff = SecretariatStaffFactory()
    client.force_login(staff)

    page = client.get(_url(survey, question))
    assert page.status_code == 200
    html = page.content.decode()
    assert winner.text_en in html and "5 points" in html and "IDM 2010" in html
    assert "To be chosen" in html  # the theme it replaces
    assert Programme.objects.get(year=2010).theme_en == "To be chosen"  # nothing yet

    done = client.post(_url(survey, question), {"choice": winner.pk})
    assert done.status_code == 302
    programme = Programme.objects.get(year=2010)
    assert (programme.theme_en, programme.theme_fr, programme.theme_es) == (
        winner.text_en,
        winner.text_fr,
        winner.text_es,
    )
    question.refresh_from_db()
    assert question.theme_applied_by == staff and question.theme_applied_at is not None
    assert question.theme_applied_to == programme
    logged = LogEntry.objects.filter(user=staff)
    messages = {(entry.content_type.model, entry.object_id) for entry in logged}
    assert ("programme", str(programme.pk)) in messages
    assert ("survey", str(survey.pk)) in messages and ("question", str(question.pk)) in messages
    programme_entry = logged.get(content_type__model="programme")
    assert winner.text_en in programme_entry.change_message
    assert "5 Borda points" in programme_entry.change_message


def test_a_missing_next_programme_is_created_unpublished(client):
    survey, question = _ranked([(2, 0, 1)], next_programme=False)
    winner = choice_ids(question)[2]
    client.force_login(SecretariatStaffFactory())
    assert "has no programme yet" in client.get(_url(survey, question)).content.decode()
    client.post(_url(survey, question), {"choice": winner})
    programme = Programme.objects.get(year=2010)
    assert not programme.is_published
    assert programme.theme_en == question.choices.get(pk=winner).text_en


def test_a_tie_for_first_place_is_refused(client):
    survey, question = _ranked([(0, 1, 2), (1, 0, 2)])  # A 3, B 3, C 0
    client.force_login(SecretariatStaffFactory())
    html = client.get(_url(survey, question)).content.decode()
    assert "share first place with 3 points" in html and 'name="choice"' not in html

    first = choice_ids(question)[0]
    page = client.post(_url(survey, question), {"choice": first}, follow=True)
    assert "a tie has no winner" in page.content.decode()
    assert Programme.objects.get(year=2010).theme_en == "To be chosen"
    with pytest.raises(themes.ThemeRefused, match="tie"):
        themes.apply_winning_theme(
            question_id=question.pk, expected_choice_id=first, by=SecretariatStaffFactory()
        )
    assert not LogEntry.objects.exists()


def test_a_winner_that_changed_since_the_page_was_shown_is_refused():
    survey, question = _ranked([(0, 1, 2)])
    with pytest.raises(themes.ThemeRefused, match="changed"):
        themes.apply_winning_theme(
            question_id=question.pk,
            expected_choice_id=choice_ids(question)[1],
            by=SecretariatStaffFactory(),
        )
    assert Programme.objects.get(year=2010).theme_en == "To be chosen"


def test_finance_may_not_apply_a_theme(client):
    survey, question = _ranked([(0, 1, 2)])
    client.force_login(FinanceStaffFactory())
    assert client.get(_url(survey, question)).status_code == 403
    refused = client.post(_url(survey, question), {"choice": choice_ids(question)[0]})
    assert refused.status_code == 403
    assert Programme.objects.get(year=2010).theme_en == "To be chosen"


def test_only_a_ranking_question_has_a_theme_page(client):
    survey, _question = _ranked([(0, 1, 2)])
    other = survey.questions.get(kind=Question.Kind.SINGLE_CHOICE)
    client.force_login(SecretariatStaffFactory())
    assert client.get(_url(survey, other)).status_code == 404
