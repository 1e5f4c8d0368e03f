"""Writes of answers: a respondent's draft and its submission.

Locks the survey's row (select_for_update) before anything is checked, so that two focal
points of one state saving or submitting at once take turns: one participation, one draft,
one response per state (unique constraints back it up). Refuses, changing nothing already
saved: a survey not for the user (NotForYou), one not open today (SurveyClosed), answers that
do not fit their question or required ones missing on submission (AnswerErrors, by question),
and a later submission of an anonymous survey without its edit key, or by another person than
the one who submitted it (AlreadySubmitted). Sends nothing. Each submission counts a write
of the survey's answers (AnswersVersion, under the same lock): the raw answers files'
fingerprint.

Anonymous surveys: the first submission writes the Response and its Answers with no
respondent and no time, and with the digest of the edit key the view made (the key itself is
never stored: surveys/edit_keys.py), records the Participation, and deletes the Draft, all in
one transaction; after it, nothing links the answers to their author
(surveys/models/__init__.py). A change, with the key, replaces the answers only: the
participation keeps the time of the first submission, the response gets no time, and the new
answers new random keys.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from surveys import answers as answer_rules
from surveys import edit_keys
from surveys.errors import AlreadySubmitted, NotForYou, SurveyClosed
from surveys.models.responses import Answer, AnswersVersion, Draft, Participation, Response
from surveys.models.surveys import Question, Survey
from surveys.selectors import answering, audiences

Kind = Question.Kind


def closed_reason(survey: Survey) -> str | None:
    """Why the survey takes no answers today, or None while it does."""
    if survey.is_open_now:
        return None
    if survey.is_opened and survey.has_closed:
        return gettext("This survey closed on %(date)s: answers are no longer taken.") % {
            "date": date_format(survey.closes_on)
        }
    return gettext("This survey is not open for answers.")


def _locked_survey(survey_id: int, user) -> tuple[Survey, audiences.Respondent, list[Question]]:
    # The one row lock: every write of one survey's answers runs one at a time.
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    respondent = audiences.respondent_for(survey, user)
    if respondent is None:
        raise NotForYou()
    reason = closed_reason(survey)
    if reason:
        raise SurveyClosed(reason)
    questions = list(answering.questions_with_choices().filter(survey=survey))
    return survey, respondent, questions


@transaction.atomic
def save_draft(*, survey_id: int, user, data) -> Draft:
    """Save the answers given so far (every one checked; required ones may wait)."""
    survey, respondent, questions = _locked_survey(survey_id, user)
    if survey.is_anonymous and answering.has_participated(survey, respondent):
        # A change of an anonymous response is never kept as a draft: a draft is its
        # author's, and beside the submitted answers it would link the two.
        raise AlreadySubmitted(
            gettext(
                "Changes to submitted anonymous answers are not saved as a draft: submit "
                "them when they are ready."
            )
        )
    parsed = answer_rules.parse(questions, data, check_required=False)
    draft = Draft.objects.filter(survey=survey, **respondent.lookup()).first()
    if draft is None:
        draft = Draft(survey=survey, **respondent.lookup())
    draft.data = parsed
    draft.updated_by = user
    draft.full_clean(exclude=["survey", "member_state", "user", "updated_by"])
    draft.save()
    return draft


@transaction.atomic
def submit(*, survey_id: int, user, data, edit_key: str | None = None) -> Response | None:
    """Submit the answers: the respondent's response (created, or replaced until the survey
    closes); None for an anonymous survey, whose response nobody may find again but through
    `edit_key`: on the first submission its digest is stored (without a key, the response
    can never be changed); later ones replace the answers only with that key, given by the
    person who submitted."""
    survey, respondent, questions = _locked_survey(survey_id, user)
    participation = Participation.objects.filter(survey=survey, **respondent.lookup()).first()
    if survey.is_anonymous and participation is not None:
        response = _anonymous_response_to_change(survey, participation, user, edit_key)
        parsed = answer_rules.parse(questions, data, check_required=True)
        response.answers.all().delete()
        _write_answers(response, questions, parsed)
        Draft.objects.filter(survey=survey, **respondent.lookup()).delete()
        _count_a_write(survey)
        return None
    parsed = answer_rules.parse(questions, data, check_required=True)
    now = timezone.now()

    if survey.is_anonymous:
        # No respondent, no time: see the module's doc.
        digest = edit_keys.digest(edit_key, user) if edit_key else ""
        response = Response(survey=survey, edit_key_digest=digest)
    else:
        response = Response.objects.filter(survey=survey, **respondent.lookup()).first()
        if response is None:
            response = Response(survey=survey, submitted_at=now, **respondent.lookup())
        else:
            response.answers.all().delete()
            response.changed_at = now
        response.submitted_by = user
    response.full_clean(exclude=["survey", "member_state", "user", "submitted_by"])
    response.save()
    _write_answers(response, questions, parsed)

    if participation is None:
        participation = Participation(survey=survey, submitted_by=user, **respondent.lookup())
    participation.submitted_at = now
    participation.full_clean(exclude=["survey", "member_state", "user", "submitted_by"])
    participation.save()
    Draft.objects.filter(survey=survey, **respondent.lookup()).delete()
    _count_a_write(survey)
    return None if survey.is_anonymous else response


def _count_a_write(survey: Survey) -> None:
    """One more write of the survey's answers; under the survey's row lock, so the row is
    created once."""
    if not AnswersVersion.objects.filter(survey=survey).update(count=F("count") + 1):
        AnswersVersion.objects.create(survey=survey, count=1)


def _anonymous_response_to_change(survey, participation, user, edit_key) -> Response:
    """The anonymous response `edit_key` opens, if `user` is who submitted for the respondent;
    else AlreadySubmitted, saying why (nothing else can find it)."""
    if participation.submitted_by_id != user.pk:
        raise AlreadySubmitted.other_focal_point()
    response = None
    if edit_key:
        response = Response.objects.filter(
            survey=survey, edit_key_digest=edit_keys.digest(edit_key, user)
        ).first()
    if response is None:
        raise AlreadySubmitted()
    return response


def _write_answers(response: Response, questions: list[Question], parsed: dict) -> None:
    rows: list[Answer] = []
    for question in questions:
        value = parsed.get(str(question.pk))
        if value is None:
            continue
        base = {"response": response, "question": question}
        if question.kind == Kind.RANKING:
            rows += [
                Answer(**base, choice_id=int(choice_id), rank=rank)
                for choice_id, rank in value.items()
            ]
        elif question.kind == Kind.MULTIPLE_CHOICE:
            rows += [Answer(**base, choice_id=choice_id) for choice_id in value]
        elif question.kind == Kind.SINGLE_CHOICE:
            rows.append(Answer(**base, choice_id=value))
        elif question.kind == Kind.RATING:
            rows.append(Answer(**base, rating=value))
        elif question.kind == Kind.NUMBER:
            rows.append(Answer(**base, number=Decimal(value)))
        else:
            rows.append(Answer(**base, text=value))
    for row in rows:
        # The rows it names were read under the lock just now, and surveys.answers already
        # checked what the constraints check (one query per row otherwise); the database
        # keeps both.
        row.full_clean(exclude=["response", "question", "choice"], validate_constraints=False)
    Answer.objects.bulk_create(rows)
