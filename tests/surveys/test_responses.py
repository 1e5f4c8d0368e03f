"""Saving a draft, submitting, changing until the survey closes, and the answers refused with
a message at their question while nothing already saved is lost (issue 14, items 2-3)."""

import datetime

import pytest

from surveys.errors import AlreadySubmitted, AnswerErrors, NotForYou, SurveyClosed
from surveys.models.responses import Answer, Draft, Participation, Response
from surveys.models.surveys import Question, Survey
from surveys.services import responses
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.surveys.factories import (
    ChoiceFactory,
    QuestionFactory,
    SurveyFactory,
    full_answers,
    question_with_choices,
    questions,
    survey_of_every_kind,
)
from tests.workshops.factories import WorkshopFactory
from workshops import dates

Kind = Question.Kind
pytestmark = pytest.mark.django_db


def _answers(response):
    return {
        (a.question.kind, a.choice_id, a.rank, a.rating, a.number, a.text)
        for a in response.answers.select_related("question")
    }


def test_draft_then_submit_then_change_until_the_survey_closes(focal_point, state):
    survey = survey_of_every_kind()
    user = focal_point.user
    data = full_answers(survey)
    text_question = questions(survey, Kind.SHORT_TEXT)[0]

    draft = responses.save_draft(
        survey_id=survey.pk, user=user, data={f"q{text_question.pk}": "First thoughts"}
    )
    assert draft.member_state == state and draft.data == {str(text_question.pk): "First thoughts"}
    assert not Response.objects.exists()

    response = responses.submit(survey_id=survey.pk, user=user, data=data)
    assert response.member_state == state and response.submitted_by == user
    assert response.answers.count() == 1 + 2 + 3 + 1 + 1 + 1 + 1  # multiple: 2, ranking: 3
    assert not Draft.objects.exists()
    assert Participation.objects.get().member_state == state
    number = response.answers.get(question__kind=Kind.NUMBER).number
    assert str(number) == "12.50"

    data[f"q{text_question.pk}"] = "Second thoughts"
    changed = responses.submit(survey_id=survey.pk, user=user, data=data)
    assert changed.pk == response.pk and changed.changed_at is not None
    assert Response.objects.count() == 1 and Participation.objects.count() == 1
    assert changed.answers.get(question=text_question).text == "Second thoughts"

    survey.closes_on = dates.today() - datetime.timedelta(days=1)
    survey.save()
    data[f"q{text_question.pk}"] = "Too late"
    with pytest.raises(SurveyClosed, match="closed on"):
        responses.submit(survey_id=survey.pk, user=user, data=data)
    with pytest.raises(SurveyClosed):
        responses.save_draft(survey_id=survey.pk, user=user, data=data)
    assert Answer.objects.get(question=text_question).text == "Second thoughts"


def test_a_second_focal_point_continues_the_same_draft_and_response(
    focal_point, second_focal_point, state
):
    survey = survey_of_every_kind()
    text_question = questions(survey, Kind.LONG_TEXT)[0]
    responses.save_draft(
        survey_id=survey.pk, user=focal_point.user, data={f"q{text_question.pk}": "Begun"}
    )
    draft = responses.save_draft(
        survey_id=survey.pk,
        user=second_focal_point.user,
        data={f"q{text_question.pk}": "Continued"},
    )
    assert Draft.objects.count() == 1 and draft.updated_by == second_focal_point.user

    first = responses.submit(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
    second = responses.submit(
        survey_id=survey.pk, user=second_focal_point.user, data=full_answers(survey)
    )
    assert first.pk == second.pk and second.submitted_by == second_focal_point.user
    assert Response.objects.filter(member_state=state).count() == 1


def test_required_questions_are_checked_on_submission_only(focal_point):
    survey = SurveyFactory()
    required = QuestionFactory(survey=survey, kind=Kind.SHORT_TEXT, is_required=True)
    rating = QuestionFactory(survey=survey, kind=Kind.RATING, is_required=True)
    optional = QuestionFactory(survey=survey, kind=Kind.LONG_TEXT)

    responses.save_draft(survey_id=survey.pk, user=focal_point.user, data={})  # a draft may wait
    with pytest.raises(AnswerErrors) as refused:
        responses.submit(
            survey_id=survey.pk, user=focal_point.user, data={f"q{optional.pk}": "Only this"}
        )
    assert refused.value.errors == {
        required.pk: "This question needs an answer.",
        rating.pk: "This question needs an answer.",
    }
    assert not Response.objects.exists() and not Participation.objects.exists()


@pytest.fixture
def answered(focal_point):
    """A survey whose state has saved a full draft."""
    survey = survey_of_every_kind()
    data = full_answers(survey)
    responses.save_draft(survey_id=survey.pk, user=focal_point.user, data=data)
    return survey, Draft.objects.get().data


def _refused(survey, user, changes):
    before = Draft.objects.get().data
    data = full_answers(survey)
    data.update(changes)
    with pytest.raises(AnswerErrors) as refused:
        responses.save_draft(survey_id=survey.pk, user=user, data=data)
    with pytest.raises(AnswerErrors):
        responses.submit(survey_id=survey.pk, user=user, data=data)
    assert Draft.objects.get().data == before  # nothing already saved is lost
    assert not Response.objects.exists()
    return refused.value.errors


def test_a_choice_of_another_question_is_refused(answered, focal_point):
    survey, _saved = answered
    single = questions(survey, Kind.SINGLE_CHOICE)[0]
    other = question_with_choices(SurveyFactory(), Kind.SINGLE_CHOICE)
    errors = _refused(survey, focal_point.user, {f"q{single.pk}": str(other.choices.first().pk)})
    assert errors == {single.pk: "Choose one of the answers offered for this question."}

    multiple = questions(survey, Kind.MULTIPLE_CHOICE)[0]
    errors = _refused(
        survey, focal_point.user, {f"q{multiple.pk}": [str(other.choices.first().pk)]}
    )
    assert errors == {multiple.pk: "Choose only among the answers offered for this question."}

    ranking = questions(survey, Kind.RANKING)[0]
    errors = _refused(survey, focal_point.user, {f"q{ranking.pk}-c{other.choices.first().pk}": "1"})
    assert errors == {ranking.pk: "Rank only the items offered for this question."}


@pytest.mark.parametrize("rating", ["0", "6", "4.5", "five", "-1"])
def test_a_rating_outside_one_to_five_is_refused(answered, focal_point, rating):
    survey, _saved = answered
    question = questions(survey, Kind.RATING)[0]
    errors = _refused(survey, focal_point.user, {f"q{question.pk}": rating})
    assert errors == {question.pk: "Choose a rating from 1 to 5."}


def test_a_ranking_with_duplicates_or_missing_items_is_refused(answered, focal_point):
    survey, _saved = answered
    ranking = questions(survey, Kind.RANKING)[0]
    first, second, third = ranking.choices.order_by("order", "pk")
    name = f"q{ranking.pk}"

    errors = _refused(
        survey,
        focal_point.user,
        {f"{name}-c{first.pk}": "1", f"{name}-c{second.pk}": "1", f"{name}-c{third.pk}": "2"},
    )
    assert errors == {ranking.pk: "Each rank can be given to one item only: rank 1 is given twice."}

    errors = _refused(
        survey,
        focal_point.user,
        {f"{name}-c{first.pk}": "1", f"{name}-c{second.pk}": "2", f"{name}-c{third.pk}": ""},
    )
    assert errors == {ranking.pk: "Rank every item, from 1 to 3: 1 still without a rank."}

    errors = _refused(survey, focal_point.user, {f"{name}-c{third.pk}": "4"})
    assert errors == {ranking.pk: "Give each item a rank from 1 to 3."}


def test_a_number_and_a_text_that_do_not_fit_are_refused(answered, focal_point):
    survey, _saved = answered
    number = questions(survey, Kind.NUMBER)[0]
    short = questions(survey, Kind.SHORT_TEXT)[0]
    errors = _refused(
        survey, focal_point.user, {f"q{number.pk}": "a dozen", f"q{short.pk}": "x" * 301}
    )
    assert errors == {
        number.pk: "Enter a number, such as 12 or 12.5.",
        short.pk: "Keep this answer to 300 characters (it has 301).",
    }


def test_answers_to_a_closed_or_unopened_survey_are_refused(focal_point):
    closed = survey_of_every_kind(
        opens_on=datetime.date(2009, 9, 1), closes_on=datetime.date(2009, 10, 31)
    )
    with pytest.raises(SurveyClosed, match="closed on 31 October 2009"):
        responses.submit(survey_id=closed.pk, user=focal_point.user, data=full_answers(closed))
    not_opened = survey_of_every_kind(status=Survey.Status.DRAFT)
    with pytest.raises(SurveyClosed, match="not open"):
        responses.save_draft(survey_id=not_opened.pk, user=focal_point.user, data={})
    assert not Draft.objects.exists() and not Response.objects.exists()


def test_audiences_decide_who_may_answer(focal_point):
    workshop = WorkshopFactory()
    evaluation = SurveyFactory(
        audience=Survey.Audience.WORKSHOP_PARTICIPANTS,
        workshop=workshop,
        programme=workshop.programme,
    )
    QuestionFactory(survey=evaluation, kind=Kind.SHORT_TEXT)
    everyone = SurveyFactory(audience=Survey.Audience.REGISTERED_DELEGATES)
    QuestionFactory(survey=everyone, kind=Kind.SHORT_TEXT)

    attended = RegistrationFactory(workshop=workshop, status="attended").delegate.user
    waitlisted = RegistrationFactory(workshop=workshop, status="waitlisted").delegate.user
    delegate = DelegateProfileFactory().user

    assert responses.submit(survey_id=evaluation.pk, user=attended, data={}).user == attended
    for outsider in (waitlisted, delegate, focal_point.user):
        with pytest.raises(NotForYou):
            responses.submit(survey_id=evaluation.pk, user=outsider, data={})
    assert responses.submit(survey_id=everyone.pk, user=delegate, data={}).user == delegate
    # The membership survey is the focal points': a delegate answers nothing for the state.
    membership = SurveyFactory()
    with pytest.raises(NotForYou):
        responses.save_draft(survey_id=membership.pk, user=delegate, data={})


def test_an_anonymous_survey_takes_one_submission_and_keeps_no_draft(focal_point, state):
    survey = survey_of_every_kind(is_anonymous=True)
    responses.save_draft(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
    assert (
        responses.submit(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
        is None
    )
    assert not Draft.objects.exists()
    assert Participation.objects.get().member_state == state
    with pytest.raises(AlreadySubmitted):
        responses.submit(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
    with pytest.raises(AlreadySubmitted):
        responses.save_draft(survey_id=survey.pk, user=focal_point.user, data={})
    assert Response.objects.count() == 1


def test_choices_of_a_question_are_kept_in_every_language_for_results(focal_point):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Kind.SINGLE_CHOICE)
    choice = ChoiceFactory(question=question)
    response = responses.submit(
        survey_id=survey.pk, user=focal_point.user, data={f"q{question.pk}": str(choice.pk)}
    )
    assert _answers(response) == {(Kind.SINGLE_CHOICE, choice.pk, None, None, None, "")}
