"""The results of a survey for staff, as pages of the survey's admin (wired by
SurveyAdmin.get_urls): the results page, its results export (CSV, XLSX: small, made in the
request), the raw answers (CSV, XLSX) and the results report (PDF), both through the file
pipeline, and, for a ranking question, applying its winner as the next programme's
overarching theme. Staff who may view surveys see the results and exports; applying a theme
also needs the permission to change surveys and programmes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext

from idm_portal.files import selectors as files_selectors
from idm_portal.files import services as pipeline
from idm_portal.files.registry import input_hash
from surveys import charts, exports
from surveys.errors import SurveyError
from surveys.models.surveys import Survey
from surveys.renderers import ANSWERS_FILES, RESULTS_REPORT, answers_fingerprint
from surveys.selectors import rates as rates_selectors
from surveys.selectors import results as results_selectors
from surveys.selectors import themes as themes_selectors
from surveys.services import themes as theme_services

THEME_PERMISSIONS = (
    "surveys.change_survey",
    "workshops.change_programme",
    "workshops.add_programme",
)


def _survey(model_admin, request, pk) -> Survey:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return get_object_or_404(
        Survey.objects.select_related("programme", "workshop", "answers_version"), pk=pk
    )


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def may_apply_theme(user) -> bool:
    return user.has_perms(THEME_PERMISSIONS)


def _answers_files(survey: Survey, found, files: dict) -> list[dict]:
    """The raw answers files' panels: each format's file and whether answers were written
    since it was made (no query: the fingerprint reads the questions the page read)."""
    language = _language()
    fingerprint = answers_fingerprint(
        survey, language, questions=[result.question for result in found.questions]
    )
    panels = []
    for file_format, kind in ANSWERS_FILES.items():
        row = files.get(kind)
        panels.append(
            {
                "format": file_format,
                "file": row,
                "is_stale": row is not None
                and row.has_file
                and row.file_input_hash != input_hash(kind, language, fingerprint),
            }
        )
    return panels


def results_view(model_admin, request, pk):
    survey = _survey(model_admin, request, pk)
    found = results_selectors.survey_results(survey)
    files = files_selectors.generated_files_of(
        survey, [RESULTS_REPORT, *ANSWERS_FILES.values()], _language()
    )
    rate = rates_selectors.response_rate(survey)
    questions = [
        (result, charts.result_chart(result, title=result.question.text))
        for result in found.questions
    ]
    rate_chart = charts.bar_chart(
        [(line.label, line.percent or 0, f"{line.percent or 0} %") for line in rate.by_region],
        title=gettext("Response rate by region"),
        maximum=100,
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Results: %(survey)s") % {"survey": survey.title},
        "opts": model_admin.model._meta,
        "survey": survey,
        "results": found,
        "questions": questions,
        "rate": rate,
        "rate_chart": rate_chart,
        "report": files.get(RESULTS_REPORT),
        "answers_files": _answers_files(survey, found, files),
        "may_apply_theme": may_apply_theme(request.user),
        "export_formats": ("csv", "xlsx"),
    }
    return TemplateResponse(request, "admin/surveys/survey/results.html", context)


def _results_url(survey: Survey, anchor: str) -> str:
    return reverse("admin:surveys_survey_results", args=[survey.pk]) + f"#{anchor}"


def export_view(model_admin, request, pk, what, file_format):
    survey = _survey(model_admin, request, pk)
    if what not in ("results", "answers") or file_format not in exports.FORMATS:
        raise Http404
    if what == "answers":
        # Made through the file pipeline now (answers_view); an old link finds the page.
        return HttpResponseRedirect(_results_url(survey, f"answers-{file_format}"))
    content, name = exports.export(survey, what=what, file_format=file_format, language=_language())
    response = HttpResponse(content, content_type=exports.FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def report_view(model_admin, request, pk):
    survey = _survey(model_admin, request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pipeline.request_file(survey, RESULTS_REPORT, _language(), retry_failed=True)
    messages.info(
        request, gettext("The results report is being made; this page shows when it is ready.")
    )
    return HttpResponseRedirect(_results_url(survey, "report"))


def answers_view(model_admin, request, pk, file_format):
    """Ask for the raw answers file in `file_format`: made in the background when answers
    were written since the last one (or it failed); the page shows its state."""
    survey = _survey(model_admin, request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if file_format not in ANSWERS_FILES:
        raise Http404
    row = pipeline.request_file(survey, ANSWERS_FILES[file_format], _language(), retry_failed=True)
    if row.state == row.State.DONE:
        messages.info(request, gettext("The answers file is up to date."))
    else:
        messages.info(
            request, gettext("The answers file is being made; this page shows when it is ready.")
        )
    return HttpResponseRedirect(_results_url(survey, f"answers-{file_format}"))


def theme_view(model_admin, request, pk, question_pk):
    survey = _survey(model_admin, request, pk)
    if not may_apply_theme(request.user):
        raise PermissionDenied
    question = themes_selectors.ranking_question(survey.pk, question_pk)
    results_url = reverse("admin:surveys_survey_results", args=[survey.pk])
    if request.method == "POST":
        try:
            programme = theme_services.apply_winning_theme(
                question_id=question.pk,
                expected_choice_id=int(request.POST.get("choice", 0) or 0),
                by=request.user,
            )
        except (SurveyError, ValueError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("IDM %(year)s’s overarching theme is now “%(theme)s”.")
                % {"year": programme.year, "theme": programme.theme},
            )
            return HttpResponseRedirect(results_url)
    proposal = themes_selectors.theme_proposal(question)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Apply the winner as the next programme’s overarching theme"),
        "opts": model_admin.model._meta,
        "survey": survey,
        "proposal": proposal,
        "results_url": results_url,
    }
    return TemplateResponse(request, "admin/surveys/survey/apply_theme.html", context)
