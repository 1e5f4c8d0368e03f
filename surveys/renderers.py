"""The results report of a survey, a generated file (idm_portal.files.registry): a PDF in IOM's
layout, in the reader's language (questions and choices in that language; the answers pool
every language), with each chart beside its figures. Staff who may view surveys request it
from the results page and fetch it at /files/…; nobody else may. Its fingerprint is the very
data it shows plus a layout version, so a new response makes a new report."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from surveys import charts
from surveys.models.surveys import Survey
from surveys.selectors import rates as rates_selectors
from surveys.selectors import results as results_selectors

RESULTS_REPORT = "survey_results_pdf"
# Bump when surveys/templates/surveys/pdf/results.html or static/css/pdf.css changes the
# output, so that the next request makes a new file.
REPORT_LAYOUT_VERSION = "2009.1"
VIEW_PERMISSION = "surveys.view_survey"


def may_download_report(user, survey: Survey) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm(VIEW_PERMISSION)
    )


def _plain(result) -> dict:
    summary = result.summary
    return {
        "number": result.number,
        "text": result.question.text,
        "kind": result.question.kind,
        "answered": result.answered,
        "lines": [
            [line.label, line.count, line.percent, line.points, line.place, line.is_tied]
            for line in result.lines
        ],
        "mean": result.mean,
        "summary": [summary.count, summary.mean, summary.median, summary.minimum, summary.maximum]
        if summary
        else None,
        "texts": result.texts,
    }


def report_data(survey: Survey, language: str) -> dict:
    with translation.override(language):
        found = results_selectors.survey_results(survey)
        rate = rates_selectors.response_rate(survey)
        return {
            "title": survey.title,
            "year": survey.programme.year,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "is_anonymous": survey.is_anonymous,
            "audience": survey.get_audience_display(),
            "results": found,
            "rate": rate,
        }


def report_fingerprint(survey: Survey, language: str) -> list:
    data = report_data(survey, language)
    rate = data["rate"]
    return [
        REPORT_LAYOUT_VERSION,
        {key: value for key, value in data.items() if key not in ("results", "rate")},
        data["results"].responses,
        [_plain(result) for result in data["results"].questions],
        [[r.label, r.answered, r.audience] for r in [rate.overall, *rate.by_region]],
    ]


def report_html(survey: Survey, language: str) -> str:
    data = report_data(survey, language)
    with translation.override(language):
        questions = [
            (result, charts.result_chart(result, title=result.question.text))
            for result in data["results"].questions
        ]
        context = {
            **data,
            "questions": questions,
            "language": language,
            "meeting": gettext("International Dialogue on Migration %(year)s")
            % {"year": data["year"]},
            "dates": formats.date_format(data["closes_on"], "DATE_FORMAT"),
            "page_label_css": pdf.css_string(gettext("Page")),
        }
    return pdf.render_html("surveys/pdf/results.html", context, language=language)


def render_report(survey: Survey, language: str) -> Rendered:
    content = pdf.html_to_pdf(report_html(survey, language))
    token = salted_hmac("surveys.generated-file", f"{RESULTS_REPORT}:{survey.pk}").hexdigest()[:20]
    return Rendered(content=content, filename=f"survey-results-{survey.pk}-{language}-{token}.pdf")


register(
    RESULTS_REPORT,
    render=render_report,
    fingerprint=report_fingerprint,
    can_download=may_download_report,
    label=_("Survey results report (PDF)"),
)
