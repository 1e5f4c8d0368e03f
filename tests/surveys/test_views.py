"""The respondent's pages: only surveys for them and open now, a draft saved by a plain POST,
refusals at the question with the typed answers kept, 404 for what is not theirs, and a flat
query count (issue 14, item 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models.responses import Draft, Response
from surveys.models.surveys import Question, Survey
from surveys.services import responses
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.surveys.factories import (
    QuestionFactory,
    SurveyFactory,
    full_answers,
    question_with_choices,
    questions,
    survey_of_every_kind,
)
from tests.workshops.factories import WorkshopFactory

Kind = Question.Kind
pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_url(survey) -> str:
    return reverse("surveys:answer", kwargs={"pk": survey.pk})


def test_my_surveys_lists_only_the_surveys_open_for_me(focal_point):
    mine = SurveyFactory(title_en="IDM effectiveness")
    SurveyFactory(title_en="Still being prepared", status=Survey.Status.DRAFT)
    SurveyFactory(title_en="For everyone registered", audience=Survey.Audience.REGISTERED_DELEGATES)
    SurveyFactory(
        title_en="An evaluation",
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS,
        workshop=WorkshopFactory(),
    )
    page = client_for(focal_point.user).get(reverse("surveys:my_surveys")).content.decode()
    assert "IDM effectiveness" in page and "For everyone registered" in page
    assert "Still being prepared" not in page and "An evaluation" not in page
    assert answer_url(mine) in page


def test_answering_page_saves_a_draft_and_submits_without_javascript(focal_point):
    survey = survey_of_every_kind()
    client = client_for(focal_point.user)
    text = questions(survey, Kind.SHORT_TEXT)[0]

    page = client.get(answer_url(survey))
    assert page.status_code == 200
    assert 'name="action" value="save"' in page.content.decode()

    data = {f"q{text.pk}": "Half-way", "action": "save"}
    assert client.post(answer_url(survey), data).status_code == 302
    assert 'value="Half-way"' in client.get(answer_url(survey)).content.decode()

    data = {**full_answers(survey), "action": "submit"}
    submitted = client.post(answer_url(survey), data)
    response = Response.objects.get()
    assert submitted["Location"] == reverse(
        "surveys:response", kwargs={"pk": survey.pk, "response_id": response.pk}
    )
    receipt = client.get(submitted["Location"]).content.decode()
    assert f"Answer to {text.text_en}" in receipt and "Change your answers" in receipt


def test_a_refused_answer_is_shown_at_its_question_with_what_was_typed(focal_point):
    survey = SurveyFactory()
    required = QuestionFactory(survey=survey, kind=Kind.LONG_TEXT, is_required=True)
    rating = QuestionFactory(survey=survey, kind=Kind.RATING)
    note = QuestionFactory(survey=survey, kind=Kind.SHORT_TEXT)
    client = client_for(focal_point.user)
    client.post(answer_url(survey), {f"q{note.pk}": "Saved before", "action": "save"})

    page = client.post(
        answer_url(survey),
        {f"q{rating.pk}": "7", f"q{note.pk}": "Typed now", "action": "submit"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert f'<p class="errorlist" id="q{rating.pk}-error">Choose a rating from 1 to 5.</p>' in html
    assert (
        f'<p class="errorlist" id="q{required.pk}-error">This question needs an answer.</p>' in html
    )
    assert f'aria-describedby="q{rating.pk}-error"' in html
    assert 'value="Typed now"' in html  # what was typed is shown again
    assert Draft.objects.get().data == {str(note.pk): "Saved before"}  # what was saved is kept


def test_answers_to_a_closed_survey_get_a_clear_message(focal_point):
    survey = SurveyFactory(opens_on="2009-09-01", closes_on="2009-10-31")
    question = QuestionFactory(survey=survey)
    client = client_for(focal_point.user)
    assert "closed on 31 October 2009" in client.get(answer_url(survey)).content.decode()
    page = client.post(answer_url(survey), {f"q{question.pk}": "Late", "action": "submit"})
    assert page.status_code == 400 and "closed on 31 October 2009" in page.content.decode()
    assert not Response.objects.exists()


def test_a_delegate_gets_404_on_a_survey_not_for_them():
    delegate = DelegateProfileFactory().user
    client = client_for(delegate)
    membership = SurveyFactory()  # the focal points'
    evaluation = SurveyFactory(
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS, workshop=WorkshopFactory()
    )
    not_opened = SurveyFactory(
        audience=Survey.Audience.REGISTERED_DELEGATES, status=Survey.Status.DRAFT
    )
    for survey in (membership, evaluation, not_opened):
        assert client.get(answer_url(survey)).status_code == 404
        assert client.post(answer_url(survey), {"action": "save"}).status_code == 404
    assert not Draft.objects.exists()


def test_a_delegate_gets_404_on_another_respondents_response():
    workshop = WorkshopFactory()
    evaluation = SurveyFactory(
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS,
        workshop=workshop,
        programme=workshop.programme,
    )
    QuestionFactory(survey=evaluation)
    mine, theirs = (
        RegistrationFactory(workshop=workshop, status="confirmed").delegate.user for _ in range(2)
    )
    their_response = responses.submit(survey_id=evaluation.pk, user=theirs, data={})
    my_response = responses.submit(survey_id=evaluation.pk, user=mine, data={})

    def url(response):
        return reverse("surveys:response", kwargs={"pk": evaluation.pk, "response_id": response.pk})

    client = client_for(mine)
    assert client.get(url(my_response)).status_code == 200
    assert client.get(url(their_response)).status_code == 404
    bad = reverse("surveys:response", kwargs={"pk": evaluation.pk, "response_id": "not-a-uuid"})
    assert client.get(bad).status_code == 404
    assert client_for(DelegateFactory()).get(url(their_response)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in():
    survey = SurveyFactory()
    response = Client().get(answer_url(survey))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _grow(survey, *, questions_each=3, choices=6):
    for kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.RANKING):
        for _ in range(questions_each):
            question_with_choices(survey, kind, count=choices)
    for kind in (Kind.RATING, Kind.NUMBER, Kind.LONG_TEXT):
        QuestionFactory.create_batch(questions_each, survey=survey, kind=kind)


def test_answering_page_query_count_does_not_grow(
    django_assert_num_queries, django_assert_max_num_queries, focal_point
):
    survey = survey_of_every_kind(choices=2)
    client = client_for(focal_point.user)
    responses.submit(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
    client.post(answer_url(survey), {"action": "save"})
    client.get(
        answer_url(survey)
    )  # the first signed-in page asks who is a donor's contact; later ones find it kept
    # At most 13 (the session may come from the cache: one less with Redis); the same after.
    with django_assert_max_num_queries(13) as few:
        assert client.get(answer_url(survey)).status_code == 200
    count = len(few)

    # More questions, more choices each, many other states' responses.
    _grow(survey)
    for _index in range(8):
        other = FocalPointFactory()
        responses.submit(survey_id=survey.pk, user=other.user, data=full_answers(survey))
    with django_assert_num_queries(count):
        page = client.get(answer_url(survey))
    assert page.content.decode().count('<fieldset class="question') == survey.questions.count()


def test_my_surveys_query_count_does_not_grow(
    django_assert_num_queries, django_assert_max_num_queries, focal_point
):
    SurveyFactory()
    client = client_for(focal_point.user)
    client.get(
        reverse("surveys:my_surveys")
    )  # the first signed-in page asks who is a donor's contact; later ones find it kept
    # At most 12 (the session may come from the cache: one less with Redis); the same after.
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("surveys:my_surveys"))
    count = len(few)  # read now: the requests below empty the connection's query log
    for survey in SurveyFactory.create_batch(5):
        QuestionFactory(survey=survey)
        client.post(answer_url(survey), {"action": "save"})
    with django_assert_num_queries(count):
        page = client.get(reverse("surveys:my_surveys"))
    assert page.content.decode().count('<article class="card"') == 6


def test_ranking_is_a_select_per_item_labelled_by_the_item(focal_point):
    survey = SurveyFactory()
    ranking = question_with_choices(survey, Kind.RANKING, count=4)
    html = client_for(focal_point.user).get(answer_url(survey)).content.decode()
    for choice in ranking.choices.all():
        assert f'<select name="q{ranking.pk}-c{choice.pk}" id="q{ranking.pk}-c{choice.pk}"' in html
        assert f'<label for="q{ranking.pk}-c{choice.pk}">{choice.text_en}</label>' in html
    assert "draggable" not in html


def test_a_ranking_with_duplicate_ranks_comes_back_with_its_message_not_an_error_page(focal_point):
    survey = SurveyFactory()
    ranking = question_with_choices(survey, Kind.RANKING, count=4)
    data = {f"q{ranking.pk}-c{choice.pk}": "1" for choice in ranking.choices.all()}

    for action in ("save", "submit"):
        page = client_for(focal_point.user).post(answer_url(survey), {**data, "action": action})
        assert page.status_code == 400, action
        assert f'id="q{ranking.pk}-error"' in page.content.decode()
    assert not Response.objects.exists()
