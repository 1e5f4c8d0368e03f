"""Exports of a survey for staff, CSV or XLSX, written only through idm_portal.guards.exports
(every text cell is text, never a formula: answers are typed by respondents):

- the results: one row per figure (a choice's count and share, a rating's mean, a ranking's
  Borda points and place, a number's statistics, each free text), pooled from every language;
- the raw answers: one row per response, one column per question. For an anonymous survey no
  column says who answered or when, and the rows are sorted by what they say (never by when
  they were written): nothing in the file links an answer to its author. For a survey that
  is not anonymous, the first columns are the state or person and the times.

Each export runs a fixed number of queries however many responses (the selectors').
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from idm_portal.guards import exports
from surveys.models.responses import Response
from surveys.models.surveys import Question, Survey
from surveys.selectors import results as results_selectors
from workshops.names import state_name

Kind = Question.Kind
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def results_table(survey: Survey) -> tuple[list[str], list[list]]:
    found = results_selectors.survey_results(survey)
    header = [
        gettext("No."),
        gettext("Question"),
        gettext("Kind"),
        gettext("Answer"),
        gettext("Count"),
        gettext("Per cent"),
        gettext("Borda points"),
        gettext("Place"),
        gettext("Value"),
    ]
    rows: list[list] = []
    for result in found.questions:
        base = [result.number, result.question.text, result.question.get_kind_display()]
        rows.append(
            [*base, gettext("Responses that answered"), result.answered, None, None, None, None]
        )
        for line in result.lines:
            place = None
            if line.place is not None:
                place = f"{line.place}=" if line.is_tied else line.place
            rows.append([*base, line.label, line.count, line.percent, line.points, place, None])
        if result.mean is not None:
            rows.append([*base, gettext("Mean"), None, None, None, None, result.mean])
        if result.summary is not None:
            summary = result.summary
            for label, value in (
                (gettext("Mean"), summary.mean),
                (gettext("Median"), summary.median),
                (gettext("Minimum"), summary.minimum),
                (gettext("Maximum"), summary.maximum),
            ):
                rows.append(
                    [
                        *base,
                        label,
                        summary.count if label == gettext("Mean") else None,
                        None,
                        None,
                        None,
                        value,
                    ]
                )
        for text, count in result.texts:
            rows.append([*base, text, count, None, None, None, None])
    return header, rows


def _cell_maker(question: Question):
    """A function from a question's answers (rows of ANSWER_FIELDS as tuples: response,
    question, choice, rank, rating, number, text) to its cell: chosen once per question."""
    choices = {choice.pk: choice.text for choice in question.choices.all()}
    order = {choice_id: index for index, choice_id in enumerate(choices)}
    if question.kind == Kind.RANKING:
        return lambda rows: "; ".join(
            f"{rank}. {choices.get(choice_id, '')}"
            for _r, _q, choice_id, rank, *_rest in sorted(rows, key=lambda row: row[3] or 0)
        )
    if question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        return lambda rows: "; ".join(
            choices[choice_id]
            for choice_id in sorted((row[2] for row in rows if row[2] in choices), key=order.get)
        )
    column = {Kind.RATING: 4, Kind.NUMBER: 5}.get(question.kind, 6)
    return lambda rows: rows[0][column]


def _respondent(response: Response) -> str:
    if response.member_state_id:
        return state_name(response.member_state)
    user = response.user
    if user is None:
        return ""
    return user.get_full_name() or user.email


def raw_table(survey: Survey) -> tuple[list[str], list[list]]:
    """One row per response; four queries (questions, choices, answers, and for a survey that
    is not anonymous its respondents)."""
    questions = results_selectors.questions_of(survey)
    header = [f"{number}. {question.text}" for number, question in enumerate(questions, start=1)]
    makers = [(question.pk, _cell_maker(question)) for question in questions]
    by_response: dict = {}
    answers = results_selectors.submitted_answers(survey).values_list(
        *results_selectors.ANSWER_FIELDS
    )
    for row in answers.iterator(chunk_size=5000):
        by_response.setdefault(row[0], {}).setdefault(row[1], []).append(row)

    def cells(answers: dict) -> list:
        return [make(answers[pk]) if pk in answers else None for pk, make in makers]

    if survey.is_anonymous:
        # Every response, those that left every question blank too (their keys are random).
        keys = Response.objects.filter(survey=survey).values_list("pk", flat=True)
        rows = [cells(by_response.get(key, {})) for key in keys]
        # Sorted by what they say: the order tells nothing of who answered, or when.
        rows.sort(key=lambda row: [("" if value is None else str(value)) for value in row])
        return header, rows
    respondents = {
        response.pk: response
        for response in Response.objects.filter(survey=survey).select_related(
            "member_state", "user"
        )
    }
    who = gettext("Member state") if survey.is_for_member_states else gettext("Person")
    header = [who, gettext("Submitted at"), gettext("Last changed at"), *header]
    rows = []
    for response in respondents.values():
        rows.append(
            [
                _respondent(response),
                response.submitted_at,
                response.changed_at,
                *cells(by_response.get(response.pk, {})),
            ]
        )
    rows.sort(key=lambda row: str(row[0]).casefold())
    return header, rows


def export(survey: Survey, *, what: str, file_format: str, language: str) -> tuple[bytes, str]:
    """The file's bytes and its name: `what` is "results" or "answers", `file_format` "csv" or
    "xlsx"; labels and choices in `language` (the answers pool every language)."""
    with translation.override(language):
        header, rows = results_table(survey) if what == "results" else raw_table(survey)
        title = gettext("Results") if what == "results" else gettext("Answers")
        if file_format == "xlsx":
            content = exports.xlsx_bytes(header, rows, title=title)
        else:
            content = exports.csv_text(header, rows).encode("utf-8-sig")
    name = f"survey-{survey.pk}-{what}-{language}.{file_format}"
    return content, name
