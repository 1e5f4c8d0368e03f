"""An anonymous survey stores *that* a state answered apart from *what* it answered, with no
link between the two (DESIGN.md, "Survey"): these tests read the tables themselves."""

import uuid

import pytest
from django.db import connection

from surveys.models.responses import Answer, Draft, Participation, Response
from surveys.services import responses
from tests.registrations.factories import FocalPointFactory
from tests.surveys.factories import full_answers, survey_of_every_kind

pytestmark = pytest.mark.django_db


def _columns(model) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {column.name for column in description}


def _foreign_tables(model) -> set[str]:
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, model._meta.db_table)
    return {table for _column, table in relations.values()}


def test_no_table_links_participation_and_response():
    assert Response._meta.db_table not in _foreign_tables(Participation)
    assert Participation._meta.db_table not in _foreign_tables(Response)
    assert Participation._meta.db_table not in _foreign_tables(Answer)
    assert Draft._meta.db_table not in _foreign_tables(Response) | _foreign_tables(Answer)
    assert Response._meta.db_table not in _foreign_tables(Draft)


def test_anonymous_answers_keep_no_author_no_time_and_no_order():
    survey = survey_of_every_kind(is_anonymous=True)
    states = []
    for _index in range(3):
        focal = FocalPointFactory()
        states.append(focal.member_state)
        responses.save_draft(survey_id=survey.pk, user=focal.user, data=full_answers(survey))
        responses.submit(survey_id=survey.pk, user=focal.user, data=full_answers(survey))

    # That they answered: one participation per state, with its time.
    assert {p.member_state for p in Participation.objects.all()} == set(states)
    # What they answered: three responses, every respondent and time column empty.
    rows = list(
        Response.objects.filter(survey=survey).values(
            "id", "member_state_id", "user_id", "submitted_by_id", "submitted_at", "changed_at"
        )
    )
    assert len(rows) == 3
    for row in rows:
        assert isinstance(row.pop("id"), uuid.UUID)
        assert set(row.values()) == {None}
    # Random keys: nothing in the answers or responses orders them by when they were written.
    assert all(isinstance(pk, uuid.UUID) for pk in Answer.objects.values_list("pk", flat=True))
    assert not {"created_at", "updated_at"} & (_columns(Response) | _columns(Answer))
    assert {field.get_internal_type() for field in Answer._meta.fields} >= {"UUIDField"}
    # The drafts, the only rows that tied a state to its answers, are gone.
    assert not Draft.objects.exists()


def test_the_draft_of_an_anonymous_survey_is_its_authors_until_submitted():
    survey = survey_of_every_kind(is_anonymous=True)
    focal = FocalPointFactory()
    responses.save_draft(survey_id=survey.pk, user=focal.user, data=full_answers(survey))
    assert Draft.objects.get().member_state == focal.member_state
    assert not Response.objects.exists()

    responses.submit(survey_id=survey.pk, user=focal.user, data=full_answers(survey))
    assert not Draft.objects.exists()
    response = Response.objects.get()
    assert (response.member_state, response.user, response.submitted_at) == (None, None, None)
