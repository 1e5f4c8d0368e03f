"""The respondent's pages: their open surveys, the answering page (a plain form: "Save draft"
and "Submit" work without JavaScript), the receipt of their own submitted response, and the
thanks of an anonymous survey. An anonymous response is changed from the page it was answered
on, with the edit key its author's browser holds (surveys/edit_keys.py: this module makes the
key, gives it to the browser and reads it back; it never logs it or puts it in the session).

A survey not for the user, not opened by staff, or someone else's response: a 404 (nothing
tells that it exists). A survey for the user that closed says so. Refused answers come back
on the page as typed, each message at its question, with status 400; nothing saved is lost.
Reads through surveys.selectors, writes through surveys.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from surveys import answers as answer_rules
from surveys import edit_keys
from surveys.errors import AlreadySubmitted, AnswerErrors, NotForYou, SurveyError
from surveys.models.responses import Draft, Participation
from surveys.selectors import answering, audiences
from surveys.services import responses


@login_required
@require_GET
def my_surveys(request: HttpRequest) -> HttpResponse:
    found = audiences.open_surveys_for(request.user)
    surveys = [survey for survey, _respondent in found]
    states = {r.member_state.pk for _s, r in found if r.member_state is not None}
    mine = {"survey__in": surveys}
    answered = set(
        Participation.objects.filter(**mine, member_state_id__in=states).values_list(
            "survey_id", flat=True
        )
    ) | set(
        Participation.objects.filter(**mine, user=request.user).values_list("survey_id", flat=True)
    )
    drafted = set(
        Draft.objects.filter(**mine, member_state_id__in=states).values_list("survey_id", flat=True)
    ) | set(Draft.objects.filter(**mine, user=request.user).values_list("survey_id", flat=True))
    rows = [
        {
            "survey": survey,
            "respondent": respondent,
            "answered": survey.pk in answered,
            "drafted": survey.pk in drafted,
        }
        for survey, respondent in found
    ]
    return render(request, "surveys/my_surveys.html", {"rows": rows})


def _survey_and_respondent(request: HttpRequest, pk: int):
    survey = answering.opened_survey(pk)
    respondent = audiences.respondent_for(survey, request.user)
    if respondent is None:
        raise Http404
    return survey, respondent


def _question_rows(survey, data, errors: dict[int, str]) -> list[dict]:
    """Each question with what the page shows given (from a draft, a response, or the form
    just sent) and its message, if any."""
    rows = []
    for number, question in enumerate(survey.questions.all(), start=1):
        given = answer_rules.form_values(question, data)
        choices = list(question.choices.all())
        rows.append(
            {
                "number": number,
                "question": question,
                "name": answer_rules.field_name(question),
                "error": errors.get(question.pk, ""),
                "value": given["value"],
                "options": [
                    {
                        "choice": choice,
                        "checked": str(choice.pk) in given["values"],
                        "rank": given["ranks"].get(choice.pk, ""),
                    }
                    for choice in choices
                ],
                "ratings": [
                    {"value": value, "checked": given["value"] == str(value)}
                    for value in range(1, 6)
                ],
                "ranks": [str(rank) for rank in range(1, len(choices) + 1)],
                # Ties (a ranking sent with duplicates, shown again with its error) keep the
                # choices' own order: never compare two choices.
                "ranked": sorted(
                    (
                        (int(given["ranks"][c.pk]), c)
                        for c in choices
                        if given["ranks"].get(c.pk, "").isdigit()
                    ),
                    key=lambda pair: (pair[0], pair[1].pk),
                )
                if question.kind == question.Kind.RANKING
                else [],
            }
        )
    return rows


def _render_answering(request, survey, respondent, *, data, errors=None, status=200, **extra):
    errors = errors or {}
    context = {
        "survey": survey,
        "respondent": respondent,
        "rows": _question_rows(survey, data, errors),
        "errors": errors,
        **extra,
    }
    return render(request, "surveys/answer.html", context, status=status)


def _anonymous_change(request, survey, respondent, participated: bool) -> dict:
    """For an anonymous survey already answered: the response this browser's edit key opens
    (surveys/edit_keys.py), or why the answers cannot be changed from here."""
    if not (survey.is_anonymous and participated):
        return {}
    participation = answering.participation_of(survey, respondent)
    if participation is not None and participation.submitted_by_id != request.user.pk:
        return {"change_refusal": str(AlreadySubmitted.other_focal_point())}
    key = edit_keys.from_cookie(request, survey=survey)
    found = answering.anonymous_response(survey, request.user, key)
    if found is None:
        return {"change_refusal": str(AlreadySubmitted.default_message)}
    return {"anonymous_response": found, "edit_key": key}


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey, respondent = _survey_and_respondent(request, pk)
    closed = responses.closed_reason(survey)
    draft = answering.draft_of(survey, respondent)
    response = answering.response_of(survey, respondent)
    participated = response is not None or (
        survey.is_anonymous and answering.has_participated(survey, respondent)
    )
    change = _anonymous_change(request, survey, respondent, participated)
    edit_key = change.pop("edit_key", None)
    context = {"draft": draft, "response": response, "participated": participated, **change}

    if request.method == "GET":
        submitted = response or change.get("anonymous_response")
        if draft is not None:
            data = answer_rules.as_form_data(draft.data)
        elif submitted is not None:
            data = answer_rules.as_form_data(answer_rules.from_answers(submitted.answers.all()))
        else:
            data = {}
        return _render_answering(request, survey, respondent, data=data, closed=closed, **context)

    action = request.POST.get("action", "save")
    if survey.is_anonymous and not participated:
        edit_key = edit_keys.new_key()  # made here, kept by the browser only
    try:
        if action == "submit":
            submitted = responses.submit(
                survey_id=survey.pk, user=request.user, data=request.POST, edit_key=edit_key
            )
        else:
            responses.save_draft(survey_id=survey.pk, user=request.user, data=request.POST)
    except NotForYou as error:
        raise Http404 from error
    except AnswerErrors as error:
        return _render_answering(
            request,
            survey,
            respondent,
            data=request.POST,
            errors=error.errors,
            status=400,
            action_error=error.message,
            **context,
        )
    except SurveyError as error:
        return _render_answering(
            request,
            survey,
            respondent,
            data=request.POST,
            status=400,
            action_error=error.message,
            closed=closed,
            **context,
        )
    if action != "submit":
        messages.success(request, gettext("Your answers are saved as a draft."))
        return redirect("surveys:answer", pk=survey.pk)
    messages.success(request, gettext("Thank you: your answers are submitted."))
    if submitted is not None:
        return redirect("surveys:response", pk=survey.pk, response_id=submitted.pk)
    redirect_to = redirect("surveys:thanks", pk=survey.pk)
    if edit_key:
        edit_keys.set_cookie(redirect_to, survey=survey, user=request.user, key=edit_key)
    return redirect_to


@login_required
@require_GET
def response_detail(request: HttpRequest, pk: int, response_id: str) -> HttpResponse:
    survey, respondent = _survey_and_respondent(request, pk)
    response = answering.own_response(survey, respondent, response_id)
    data = answer_rules.as_form_data(answer_rules.from_answers(response.answers.all()))
    rows = _question_rows(survey, data, {})
    context = {
        "survey": survey,
        "respondent": respondent,
        "response": response,
        "rows": rows,
        "can_change": responses.closed_reason(survey) is None,
    }
    return render(request, "surveys/response.html", context)


@login_required
@require_GET
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    survey, respondent = _survey_and_respondent(request, pk)
    if not (survey.is_anonymous and answering.has_participated(survey, respondent)):
        raise Http404
    context = {
        "survey": survey,
        "can_change": answering.anonymous_response(
            survey, request.user, edit_keys.from_cookie(request, survey=survey)
        )
        is not None,
    }
    return render(request, "surveys/thanks.html", context)
