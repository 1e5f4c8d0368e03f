"""Staff open a survey only with its French and Spanish texts or a recorded reason, and copy
it for the next year; the workshop page links its open evaluation and the focal point's index
its state's surveys."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from surveys.errors import MissingTranslations
from surveys.models.surveys import Question, Survey
from surveys.services import surveys as survey_services
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import RegistrationFactory
from tests.surveys.factories import QuestionFactory, SurveyFactory, question_with_choices
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_a_survey_opens_only_with_all_three_languages_or_a_reason():
    staff = SecretariatStaffFactory()
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    question = question_with_choices(survey, Question.Kind.SINGLE_CHOICE)
    choice = question.choices.first()
    choice.text_es = ""
    choice.save()

    with pytest.raises(MissingTranslations, match="in es"):
        survey_services.open_survey(survey=survey, by=staff)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT

    survey_services.open_survey(survey=survey, by=staff, waiver_reason="Council asked for it now")
    survey.refresh_from_db()
    assert survey.is_opened and survey.opened_by == staff
    assert survey.translation_waiver_reason == "Council asked for it now"
    assert survey.translation_waiver_by == staff and survey.translation_waiver_at is not None


def test_the_admin_action_opens_surveys_and_reports_missing_translations(client):
    staff = SecretariatStaffFactory()
    client.force_login(staff)
    ready = SurveyFactory(status=Survey.Status.DRAFT)
    QuestionFactory(survey=ready)
    lacking = SurveyFactory(status=Survey.Status.DRAFT, title_fr="")
    QuestionFactory(survey=lacking)
    response = client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "open_surveys", "_selected_action": [ready.pk, lacking.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert ready.is_opened and not lacking.is_opened
    assert "still lacks its texts in fr" in response.content.decode()


def test_a_survey_is_copied_for_the_next_year_with_its_questions_and_translations():
    programme = ProgrammeFactory(year=2009)
    ProgrammeFactory(year=2010)
    survey = SurveyFactory(
        programme=programme,
        opens_on=datetime.date(2009, 9, 1),
        closes_on=datetime.date(2009, 10, 30),
    )
    ranking = question_with_choices(survey, Question.Kind.RANKING, count=4)
    copy = survey_services.copy_survey(survey=survey, by=SecretariatStaffFactory())
    assert copy.programme.year == 2010 and copy.status == Survey.Status.DRAFT
    assert (copy.opens_on, copy.closes_on) == (
        datetime.date(2010, 9, 1),
        datetime.date(2010, 10, 30),
    )
    assert copy.title_fr == survey.title_fr and copy.copied_from == survey
    copied = copy.questions.get()
    assert copied.text_es == ranking.text_es
    assert list(copied.choices.values_list("text_fr", flat=True)) == list(
        ranking.choices.values_list("text_fr", flat=True)
    )
    assert not copy.responses.exists()


def test_the_workshop_page_links_its_open_evaluation_for_signed_in_readers():
    workshop = WorkshopFactory()
    evaluation = SurveyFactory(
        programme=workshop.programme,
        workshop=workshop,
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS,
        title_en="Evaluation of the workshop",
    )
    participant = RegistrationFactory(workshop=workshop, status="attended").delegate.user
    client = Client()
    client.force_login(participant)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert reverse("surveys:answer", kwargs={"pk": evaluation.pk}) in page
    assert "Evaluation of the workshop" in page


def test_the_focal_point_index_links_the_states_surveys(focal_point):
    client = Client()
    client.force_login(focal_point.user)
    page = client.get(reverse("registrations:delegation_index")).content.decode()
    assert reverse("surveys:my_surveys") in page
