"""One response per member state when two focal points of one state submit at the same moment:
needs PostgreSQL (SQLite has no row locks and one writer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_surveys \
        .venv/bin/pytest tests/surveys/test_concurrency.py
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from surveys.models.responses import Answer, Draft, Participation, Response
from surveys.services import responses
from tests.registrations.factories import FocalPointFactory
from tests.surveys.factories import full_answers, survey_of_every_kind
from tests.workshops.factories import MemberStateFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://... to run it",
    ),
]


def _all_at_once(calls) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call):
        try:
            barrier.wait(timeout=30)
            call()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("is_anonymous", [False, True])
def test_two_focal_points_of_one_state_submit_at_once_one_response(is_anonymous):
    state = MemberStateFactory()
    first, second = FocalPointFactory.create_batch(2, member_state=state)
    survey = survey_of_every_kind(is_anonymous=is_anonymous)
    data = full_answers(survey)

    def submit(user):
        return lambda: responses.submit(survey_id=survey.pk, user=user, data=data)

    errors = _all_at_once([submit(first.user), submit(second.user)] * 3)

    if is_anonymous:  # the first one is kept; the others hold no edit key and are refused
        assert len(errors) == 5 and all(type(e).__name__ == "AlreadySubmitted" for e in errors)
    else:  # each later one replaces the answers of the one response
        assert errors == []
    assert Participation.objects.filter(survey=survey, member_state=state).count() == 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.count() == survey.questions.count() + 1 + 2  # multiple 2, ranking 3


@pytest.mark.django_db(transaction=True)
def test_two_focal_points_saving_drafts_at_once_share_one_draft():
    state = MemberStateFactory()
    focal_points = FocalPointFactory.create_batch(4, member_state=state)
    survey = survey_of_every_kind()
    data = full_answers(survey)

    errors = _all_at_once(
        [
            lambda user=focal.user: responses.save_draft(survey_id=survey.pk, user=user, data=data)
            for focal in focal_points
        ]
    )

    assert errors == []
    assert Draft.objects.filter(survey=survey, member_state=state).count() == 1
