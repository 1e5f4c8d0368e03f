"""The raw answers (one row per response, CSV or XLSX) through the file pipeline: staff ask for
them on the results page and come back to it, the page says whether the file is being made,
ready (link and date), failed (why, and a retry) or out of date; a double click makes one
file, the same answers make none; the file holds what the export made in the request held
(nothing of an anonymous survey's respondents, no formula); only staff who may view surveys
download it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from idm_portal.models import GeneratedFile
from surveys import exports
from surveys.renderers import ANSWERS_FILES
from tests.funding.factories import DonorFactory
from tests.idm_portal.factories import (
    DelegateFactory,
    FinanceStaffFactory,
    SecretariatStaffFactory,
    UserFactory,
)
from tests.surveys.factories import survey_of_every_kind
from tests.surveys.results_helpers import (
    answer,
    answered_survey,
    answers_file,
    downloaded,
    form,
)

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx"]


def _url(survey, file_format: str) -> str:
    return reverse("admin:surveys_survey_answers", args=[survey.pk, file_format])


def _page(client, survey) -> str:
    return client.get(reverse("admin:surveys_survey_results", args=[survey.pk])).content.decode()


def _rows(content: bytes, file_format: str) -> list[list]:
    """The cells as a spreadsheet reads them back (CSV: text; XLSX: each cell's value)."""
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _cells(content: bytes, file_format: str) -> list:
    return [cell for row in _rows(content, file_format) for cell in row]


@pytest.mark.parametrize("file_format", FORMATS)
def test_answers_file_is_made_in_the_background_and_downloaded_by_staff_only(
    client, django_capture_on_commit_callbacks, file_format
):
    survey, focals = answered_survey(is_anonymous=True)
    client.force_login(SecretariatStaffFactory())

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(_url(survey, file_format))
    results_url = reverse("admin:surveys_survey_results", args=[survey.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{results_url}#answers-{file_format}"
    assert len(queued) == 1  # the rendering waits for the worker: nothing made in the request
    row = GeneratedFile.objects.get(kind=ANSWERS_FILES[file_format])
    assert row.is_in_progress and not row.has_file
    assert "The answers file is being made" in _page(client, survey)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    row.refresh_from_db()
    assert row.state == GeneratedFile.State.DONE and row.filename.endswith(f".{file_format}")
    page = _page(client, survey)
    assert row.get_download_url() in page and "The answers file is being made" not in page
    assert f"Make the answers file again ({file_format.upper()})" in page
    content = downloaded(client, row)
    assert len(_rows(content, file_format)) == 4  # the header and one row per response

    donor = DonorFactory()
    donor_contact = DelegateFactory()
    donor.contacts.add(donor_contact)
    staff_without_permission = UserFactory(is_staff=True)
    for user in (focals[0].user, donor_contact, FinanceStaffFactory(), staff_without_permission):
        client.force_login(user)
        assert client.get(row.get_download_url()).status_code == 404
        assert client.post(_url(survey, file_format)).status_code in (302, 403)
        assert GeneratedFile.objects.get(pk=row.pk).state == GeneratedFile.State.DONE
    client.logout()
    assert client.get(row.get_download_url()).status_code == 404


def test_only_staff_who_may_view_surveys_ask_for_the_file(client):
    survey, focals = answered_survey()
    for user in (focals[0].user, FinanceStaffFactory(), UserFactory(is_staff=True)):
        client.force_login(user)
        response = client.post(_url(survey, "csv"))
        # Not staff: the admin's login page; staff without the permission: 403.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login/" in response["Location"]
    assert not GeneratedFile.objects.exists()


def test_a_double_click_makes_one_file(client, django_capture_on_commit_callbacks):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(_url(survey, "csv"))
        client.post(_url(survey, "csv"))
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    row = GeneratedFile.objects.get()
    made = (row.file.name, row.finished_at)

    # The same answers asked for again: nothing is made.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(_url(survey, "csv"))
    assert queued == []
    row.refresh_from_db()
    assert (row.file.name, row.finished_at) == made


def test_a_new_response_makes_the_page_offer_a_new_file(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    rows = {file_format: answers_file(client, survey, file_format) for file_format in FORMATS}
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    client.get(url)
    page = _page(client, survey)
    assert "Answers were given or changed since this file was made." not in page
    # The ceiling of the page without files (tests/surveys/test_results.py): one query reads
    # the report and both answers files, and their state costs none.
    with django_assert_max_num_queries(14) as before:
        client.get(url)

    answer(survey, form(survey, single=2, short="A fourth answer"))
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Answers were given or changed since this file was made.") == 2

    for file_format, row in rows.items():
        remade = answers_file(client, survey, file_format)
        assert remade.pk == row.pk and remade.file.name != row.file.name
        content = downloaded(client, remade)
        assert len(_rows(content, file_format)) == 5
        assert "A fourth answer" in _cells(content, file_format)
    assert "Answers were given or changed" not in _page(client, survey)


def test_a_changed_anonymous_response_makes_the_file_out_of_date(client):
    """A change replaces an anonymous response's answers and writes no time anywhere, nor a
    new response: the count of the survey's writes still tells the page and the pipeline."""
    from surveys import edit_keys
    from surveys.services import responses
    from tests.registrations.factories import FocalPointFactory

    survey = survey_of_every_kind(is_anonymous=True)
    focal = FocalPointFactory()
    key = edit_keys.new_key()
    data = form(survey, single=0, short="Before the change")
    responses.submit(survey_id=survey.pk, user=focal.user, data=data, edit_key=key)
    client.force_login(SecretariatStaffFactory())
    row = answers_file(client, survey, "csv")
    assert "Before the change" in _cells(downloaded(client, row), "csv")

    data = form(survey, single=0, short="After the change")
    responses.submit(survey_id=survey.pk, user=focal.user, data=data, edit_key=key)
    assert "Answers were given or changed since this file was made." in _page(client, survey)
    cells = _cells(downloaded(client, answers_file(client, survey, "csv")), "csv")
    assert "After the change" in cells and "Before the change" not in cells


def test_a_failed_file_says_why_and_is_tried_again(client, monkeypatch):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())

    def broken(*args, **kwargs):
        raise ValueError("The spreadsheet library refused a cell.")

    monkeypatch.setattr(exports, "export", broken)
    row = answers_file(client, survey, "xlsx")
    assert row.state == GeneratedFile.State.FAILED
    page = _page(client, survey)
    assert "The answers file could not be made. The spreadsheet library refused a cell." in page
    assert "Make the answers file again (XLSX)" in page  # the retry

    monkeypatch.undo()
    row = answers_file(client, survey, "xlsx")  # the same answers: tried again all the same
    assert row.state == GeneratedFile.State.DONE
    assert len(_rows(downloaded(client, row), "xlsx")) == 4


@pytest.mark.parametrize("file_format", FORMATS)
def test_answers_that_look_like_formulas_read_back_as_text(client, file_format):
    survey = survey_of_every_kind(is_anonymous=True)
    answer(survey, form(survey, single=0, short="=1+1", long="@SUM(A1)"))
    client.force_login(SecretariatStaffFactory())
    content = downloaded(client, answers_file(client, survey, file_format))
    cells = _cells(content, file_format)
    if file_format == "csv":
        # The guard's apostrophe: a spreadsheet shows the characters typed, computes nothing.
        assert "'=1+1" in cells and "'@SUM(A1)" in cells
        assert not any(str(cell).startswith(("=", "@", "+", "-")) for cell in cells)
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        typed = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
        assert typed["=1+1"] == "s" and typed["@SUM(A1)"] == "s"
        assert "f" not in typed.values()


@pytest.mark.parametrize("is_anonymous", [True, False], ids=["anonymous", "named"])
@pytest.mark.parametrize("file_format", FORMATS)
def test_the_file_holds_what_the_export_in_the_request_held(client, file_format, is_anonymous):
    survey, focals = answered_survey(is_anonymous=is_anonymous)
    client.force_login(SecretariatStaffFactory())
    made = _rows(downloaded(client, answers_file(client, survey, file_format)), file_format)
    # What the old GET of the raw answers sent (export_view called exports.export).
    content, _name = exports.export(survey, what="answers", file_format=file_format, language="en")
    assert made == _rows(content, file_format)
    header = made[0]
    if is_anonymous:
        assert header[0].startswith("1. ")
        flat = " ".join(str(cell) for row in made for cell in row if cell is not None)
        for focal in focals:
            assert str(focal.member_state) not in flat and focal.user.email not in flat
    else:
        assert header[:3] == ["Member state", "Submitted at", "Last changed at"]


def test_the_old_answers_link_leads_to_the_results_page(client):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    for file_format in FORMATS:
        old = reverse("admin:surveys_survey_export", args=[survey.pk, "answers", file_format])
        response = client.get(old)
        assert response.status_code == 302
        assert response["Location"].endswith(f"/results/#answers-{file_format}")
    assert not GeneratedFile.objects.exists()
    # The results export stays in the request.
    results = reverse("admin:surveys_survey_export", args=[survey.pk, "results", "csv"])
    assert client.get(results).status_code == 200
