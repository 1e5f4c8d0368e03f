"""Exports of results and raw answers (CSV, XLSX): formula-safe cells, one row per response,
and for an anonymous survey nothing that links an answer to its author: no respondent or
time column, rows in an order that says nothing of who answered or when; the results page
and the report likewise."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.exports import raw_table
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.surveys.results_helpers import answered_survey, answers_file, downloaded

pytestmark = pytest.mark.django_db


def _get(client, survey, what, file_format) -> bytes:
    """The export's bytes: the results made in the request, the raw answers through the file
    pipeline (requested, made, downloaded)."""
    if what == "answers":
        return downloaded(client, answers_file(client, survey, file_format))
    url = reverse("admin:surveys_survey_export", args=[survey.pk, what, file_format])
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _names(focals) -> list[str]:
    return [str(focal.member_state) for focal in focals] + [focal.user.email for focal in focals]


def test_raw_export_of_an_anonymous_survey_names_nobody_and_keeps_no_order(client):
    survey, focals = answered_survey(is_anonymous=True)
    client.force_login(SecretariatStaffFactory())
    rows = _csv_rows(_get(client, survey, "answers", "csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == 3  # one row per response
    assert header[0].startswith("1. ")  # the first column is the first question: no respondent
    text = "\n".join(",".join(row) for row in rows)
    for name in _names(focals):
        assert name not in text
    assert "Submitted" not in text and "changed" not in text
    # Sorted by what the rows say, never by when they were written: the last respondent's
    # row ("Mangoes", single choice A) does not come last.
    assert body == sorted(body)
    assert "Mangoes" not in body[-1]

    sheet = _xlsx_sheet(_get(client, survey, "answers", "xlsx"))
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 4 and values[0][0].startswith("1. ")
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    for name in _names(focals):
        assert name not in flat


def test_results_page_and_results_export_of_an_anonymous_survey_name_nobody(client):
    survey, focals = answered_survey(is_anonymous=True)
    client.force_login(SecretariatStaffFactory())
    page = client.get(reverse("admin:surveys_survey_results", args=[survey.pk])).content.decode()
    results = _get(client, survey, "results", "csv").decode("utf-8-sig")
    for text in (page, results):
        for focal in focals:
            assert focal.user.email not in text
            assert focal.member_state.name not in text
    assert "Zebra crossings" in page and "Zebra crossings" in results


def test_raw_export_of_a_named_survey_gives_the_state(client):
    survey, focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    rows = _csv_rows(_get(client, survey, "answers", "csv"))
    assert rows[0][:3] == ["Member state", "Submitted at", "Last changed at"]
    assert sorted(row[0] for row in rows[1:]) == sorted(str(f.member_state) for f in focals)


def test_exported_cells_are_never_formulas(client):
    survey, _focals = answered_survey(is_anonymous=True)
    client.force_login(SecretariatStaffFactory())
    for what in ("answers", "results"):
        rows = _csv_rows(_get(client, survey, what, "csv"))
        cells = [cell for row in rows for cell in row]
        assert '\'=HYPERLINK("http://evil.example","x")' in cells
        assert not any(cell.startswith("=") for cell in cells)
        sheet = _xlsx_sheet(_get(client, survey, what, "xlsx"))
        formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
        texts = [c.value for row in sheet.iter_rows() for c in row]
        assert '=HYPERLINK("http://evil.example","x")' in texts


def test_exports_only_for_staff_who_may_view_surveys(client):
    survey, _focals = answered_survey()
    answers = reverse("admin:surveys_survey_answers", args=[survey.pk, "csv"])
    client.force_login(FinanceStaffFactory())
    for what in ("answers", "results"):
        url = reverse("admin:surveys_survey_export", args=[survey.pk, what, "csv"])
        assert client.get(url).status_code == 403
    assert client.post(answers).status_code == 403
    client.force_login(SecretariatStaffFactory())
    for what in ("answers", "results"):
        url = reverse("admin:surveys_survey_export", args=[survey.pk, what, "pdf"])
        assert client.get(url).status_code == 404
    pdf = reverse("admin:surveys_survey_answers", args=[survey.pk, "pdf"])
    assert client.post(pdf).status_code == 404
    assert client.get(answers).status_code == 405  # asked for by a POST only


def test_raw_export_query_count_does_not_grow(django_assert_num_queries):
    survey, _focals = answered_survey(is_anonymous=True)
    with django_assert_num_queries(4):
        raw_table(survey)
