"""An anonymous response can be changed until the survey closes, from the browser it was sent
from (issue 14, item 3), and still nothing on the server links it to its author: only the
digest of an edit key is stored, the key lives in the author's browser alone
(surveys/edit_keys.py, surveys/models/__init__.py)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import edit_keys
from surveys.errors import AlreadySubmitted
from surveys.models.responses import Answer, Participation, Response
from surveys.models.surveys import Question, Survey
from surveys.services import responses
from tests.registrations.factories import DelegateProfileFactory, FocalPointFactory
from tests.surveys.factories import full_answers, questions, survey_of_every_kind
from workshops import dates

Kind = Question.Kind
pytestmark = pytest.mark.django_db

NO_BROWSER_KEY = "An anonymous answer can only be changed from the browser it was sent from"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_url(survey) -> str:
    return reverse("surveys:answer", kwargs={"pk": survey.pk})


def _with_text(survey, text: str) -> dict:
    data = full_answers(survey)
    data[f"q{questions(survey, Kind.SHORT_TEXT)[0].pk}"] = text
    return data


def _short_texts(survey) -> set[str]:
    question = questions(survey, Kind.SHORT_TEXT)[0]
    return set(Answer.objects.filter(question=question).values_list("text", flat=True))


def _key_in(client: Client, survey, user) -> str:
    """The edit key the browser holds (read as the server reads it)."""
    request = RequestFactory().get(answer_url(survey))
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.user = user
    key = edit_keys.from_cookie(request, survey=survey)
    assert key
    return key


def _copy_keys(source: Client, target: Client) -> None:
    for name, morsel in source.cookies.items():
        if "edit_key" in name:
            target.cookies[name] = morsel.value


@pytest.fixture
def survey():
    return survey_of_every_kind(is_anonymous=True)


def test_submit_change_with_the_cookie_then_closed_refused(survey, focal_point):
    client = client_for(focal_point.user)
    sent = client.post(answer_url(survey), {**_with_text(survey, "First"), "action": "submit"})
    assert sent.status_code == 302 and sent["Location"].endswith("/thanks/")
    thanks = client.get(sent["Location"]).content.decode()
    assert "Change your answers" in thanks
    participation_time = Participation.objects.get().submitted_at

    page = client.get(answer_url(survey)).content.decode()
    assert 'value="First"' in page  # its own answers, opened by the browser's key
    assert 'value="save"' not in page  # a change is not kept as a draft
    changed = client.post(answer_url(survey), {**_with_text(survey, "Second"), "action": "submit"})
    assert changed.status_code == 302
    assert _short_texts(survey) == {"Second"}
    assert Response.objects.count() == 1
    # The change wrote no time anywhere: the participation keeps the first submission's.
    assert Participation.objects.get().submitted_at == participation_time
    assert set(Response.objects.values_list("submitted_at", "changed_at").get()) == {None}

    with dates.as_of(survey.closes_on + datetime.timedelta(days=1)):
        late = client.post(answer_url(survey), {**_with_text(survey, "Late"), "action": "submit"})
        assert late.status_code == 400 and "closed on" in late.content.decode()
        with pytest.raises(responses.SurveyClosed):
            responses.submit(
                survey_id=survey.pk,
                user=focal_point.user,
                data=_with_text(survey, "Late"),
                edit_key=_key_in(client, survey, focal_point.user),
            )
    assert _short_texts(survey) == {"Second"}


def test_the_cookie_is_httponly_lax_secure_of_the_survey_path_until_it_closes(survey, state):
    focal = FocalPointFactory(member_state=state)
    client = client_for(focal.user)
    sent = client.post(answer_url(survey), {**full_answers(survey), "action": "submit"})
    for language, _name in settings.LANGUAGES:
        cookie = sent.cookies[edit_keys.cookie_name(survey, language)]
        assert cookie["path"] == f"/{language}/my-surveys/{survey.pk}/"
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert bool(cookie["secure"]) is (not settings.DEBUG)
        days = (survey.closes_on - dates.today()).days
        assert days * 86400 < int(cookie["max-age"]) <= (days + 1) * 86400


def test_without_the_cookie_the_page_says_it_and_the_change_is_refused(survey, focal_point):
    responses.submit(
        survey_id=survey.pk,
        user=focal_point.user,
        data=_with_text(survey, "Kept"),
        edit_key=edit_keys.new_key(),
    )
    other_browser = client_for(focal_point.user)
    page = other_browser.get(answer_url(survey)).content.decode()
    assert NO_BROWSER_KEY in page and 'value="Kept"' not in page
    refused = other_browser.post(
        answer_url(survey), {**_with_text(survey, "X"), "action": "submit"}
    )
    assert refused.status_code == 400 and NO_BROWSER_KEY in refused.content.decode()
    with pytest.raises(AlreadySubmitted):
        responses.submit(survey_id=survey.pk, user=focal_point.user, data=full_answers(survey))
    assert _short_texts(survey) == {"Kept"}


def test_a_second_focal_point_of_the_state_is_told_another_one_submitted(
    survey, focal_point, second_focal_point
):
    first = client_for(focal_point.user)
    first.post(answer_url(survey), {**_with_text(survey, "Ours"), "action": "submit"})
    second = client_for(second_focal_point.user)
    _copy_keys(first, second)  # even with the first one's cookie
    page = second.get(answer_url(survey)).content.decode()
    assert "submitted by another focal point" in page and 'value="Ours"' not in page
    refused = second.post(answer_url(survey), {**_with_text(survey, "X"), "action": "submit"})
    assert refused.status_code == 400
    assert _short_texts(survey) == {"Ours"}


def test_another_users_cookie_does_not_open_the_response():
    survey = survey_of_every_kind(is_anonymous=True, audience=Survey.Audience.REGISTERED_DELEGATES)
    mine, theirs = (DelegateProfileFactory().user for _ in range(2))
    my_browser, their_browser = client_for(mine), client_for(theirs)
    my_browser.post(answer_url(survey), {**_with_text(survey, "Mine"), "action": "submit"})
    their_browser.post(answer_url(survey), {**_with_text(survey, "Theirs"), "action": "submit"})
    my_key = _key_in(my_browser, survey, mine)

    _copy_keys(my_browser, their_browser)  # my cookie copied into their browser
    page = their_browser.get(answer_url(survey)).content.decode()
    assert 'value="Mine"' not in page and NO_BROWSER_KEY in page
    sent = their_browser.post(answer_url(survey), {**_with_text(survey, "X"), "action": "submit"})
    assert sent.status_code == 400
    # Even past the cookie's signature, the bare key opens nothing for them.
    with pytest.raises(AlreadySubmitted):
        responses.submit(
            survey_id=survey.pk, user=theirs, data=_with_text(survey, "X"), edit_key=my_key
        )
    assert _short_texts(survey) == {"Mine", "Theirs"}


def _every_value_in_the_database() -> str:
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            texts += [repr(row) for row in cursor.fetchall()]
    return "\n".join(texts)


def test_the_database_and_the_session_hold_no_key_and_no_link(survey, focal_point):
    client = client_for(focal_point.user)
    client.post(answer_url(survey), {**_with_text(survey, "One"), "action": "submit"})
    client.post(answer_url(survey), {**_with_text(survey, "Two"), "action": "submit"})
    key = _key_in(client, survey, focal_point.user)

    everything = _every_value_in_the_database()
    assert key not in everything
    response = Response.objects.get()
    assert response.edit_key_digest == edit_keys.digest(key, focal_point.user) != key
    # Nothing of the respondent on the response, nothing of the response on the participation.
    assert (response.member_state, response.user, response.submitted_by) == (None, None, None)
    participation = Participation.objects.get()
    assert str(response.pk) not in repr(participation.__dict__)
    assert response.edit_key_digest not in repr(participation.__dict__)
    # The session (a row tied to its user) holds nothing of it, decoded or stored.
    session = Session.objects.get(session_key=client.session.session_key)
    assert key not in repr(session.get_decoded()) and key not in session.session_data
    assert not any("edit" in name or "survey" in name for name in session.get_decoded())


def test_the_change_page_query_count_does_not_grow_with_responses(
    django_assert_max_num_queries, survey, focal_point
):
    client = client_for(focal_point.user)
    client.post(answer_url(survey), {**full_answers(survey), "action": "submit"})
    with CaptureQueriesContext(connection) as few:
        assert 'value="save"' not in client.get(answer_url(survey)).content.decode()
    for _index in range(6):
        other = FocalPointFactory()
        responses.submit(
            survey_id=survey.pk,
            user=other.user,
            data=full_answers(survey),
            edit_key=edit_keys.new_key(),
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get(answer_url(survey)).content.decode()
    assert 'value="Answer to' in page
