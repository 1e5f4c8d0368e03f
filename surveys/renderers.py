"""A survey's generated files (idm_portal.files.registry), requested by staff from the results
page and fetched at /files/…, by staff who may view surveys and nobody else:

- the results report: a PDF in IOM's layout, in the reader's language (questions and choices
  in that language; the answers pool every language), with each chart beside its figures. Its
  fingerprint is the very data it shows plus a layout version, so a new response makes a new
  report;
- the raw answers, one row per response, CSV or XLSX: surveys.exports writes them (formula-
  safe cells; nothing of an anonymous survey's respondents). Their fingerprint counts the
  writes of the survey's answers (AnswersVersion) instead of reading every answer, so that
  asking for one, and the results page saying whether it is out of date, costs no more with
  5,000 responses than with 5.
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from surveys import charts, exports
from surveys.models.responses import AnswersVersion
from surveys.models.surveys import Survey
from surveys.selectors import rates as rates_selectors
from surveys.selectors import results as results_selectors

RESULTS_REPORT = "survey_results_pdf"
ANSWERS_CSV = "survey_answers_csv"
ANSWERS_XLSX = "survey_answers_xlsx"
ANSWERS_FILES = {"csv": ANSWERS_CSV, "xlsx": ANSWERS_XLSX}  # by format
# Bump when surveys/templates/surveys/pdf/results.html or static/css/pdf.css changes the
# output, so that the next request makes a new file.
REPORT_LAYOUT_VERSION = "2009.1"
# Bump when surveys.exports.raw_table or idm_portal.guards.exports changes what the raw
# answers files hold, so that the next request makes new ones.
ANSWERS_LAYOUT_VERSION = "1"
VIEW_PERMISSION = "surveys.view_survey"


def may_download(user, survey: Survey) -> bool:
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
    can_download=may_download,
    label=_("Survey results report (PDF)"),
)


def answers_written(survey: Survey) -> int:
    """How many times the survey's answers were written (0 before the first response); no
    query when the survey was read with select_related("answers_version")."""
    try:
        return survey.answers_version.count
    except AnswersVersion.DoesNotExist:
        return 0


def answers_fingerprint(survey: Survey, language: str, *, questions=None) -> list:
    """What a raw answers file holds: the answers as of their last write (every submission and
    change counts one: surveys.services.responses), the columns (anonymous or not, a state's
    or a person's) and the questions' and choices' texts in `language`. Two queries, none
    given `questions` with their choices (the results page's, read in `language`). A
    respondent's name changed since (a survey that is not anonymous) shows in the next file
    made for new answers."""
    if questions is None:
        questions = results_selectors.questions_of(survey)
    with translation.override(language):
        columns = [
            [question.pk, question.kind, question.text]
            + [[choice.pk, choice.text] for choice in question.choices.all()]
            for question in questions
        ]
    return [
        ANSWERS_LAYOUT_VERSION,
        survey.is_anonymous,
        survey.audience,
        answers_written(survey),
        columns,
    ]


def _answers_renderer(file_format: str):
    def render(survey: Survey, language: str) -> Rendered:
        content, name = exports.export(
            survey, what="answers", file_format=file_format, language=language
        )
        token = salted_hmac(
            "surveys.generated-file", f"{ANSWERS_FILES[file_format]}:{survey.pk}"
        ).hexdigest()[:20]
        stem = name.rsplit(".", 1)[0]
        return Rendered(content=content, filename=f"{stem}-{token}.{file_format}")

    return render


register(
    ANSWERS_CSV,
    render=_answers_renderer("csv"),
    fingerprint=answers_fingerprint,
    can_download=may_download,
    label=_("Survey answers, one row per response (CSV)"),
)
register(
    ANSWERS_XLSX,
    render=_answers_renderer("xlsx"),
    fingerprint=answers_fingerprint,
    can_download=may_download,
    label=_("Survey answers, one row per response (XLSX)"),
)
