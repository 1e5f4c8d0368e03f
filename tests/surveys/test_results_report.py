"""The results report (PDF) through the file pipeline: staff request it from the results
page, the page says it is being made until it is ready, the PDF shows the figures in the
reader's language, and only staff who may view surveys download it. The opened surveys'
missing translations are in the translations report."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from idm_portal.models import GeneratedFile
from surveys.renderers import RESULTS_REPORT
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.registrations.test_documents import pdf_text
from tests.surveys.factories import QuestionFactory
from tests.surveys.results_helpers import answered_survey
from workshops import parity

pytestmark = pytest.mark.django_db


def test_report_is_made_through_the_pipeline_and_downloaded_by_staff_only(
    client, django_capture_on_commit_callbacks
):
    survey, focals = answered_survey(is_anonymous=True)
    client.force_login(SecretariatStaffFactory())
    results_url = reverse("admin:surveys_survey_results", args=[survey.pk])

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("admin:surveys_survey_report", args=[survey.pk]))
    assert response.status_code == 302 and len(queued) == 1
    row = GeneratedFile.objects.get(kind=RESULTS_REPORT)
    assert row.language == "en" and row.is_in_progress
    assert "The report is being made" in client.get(results_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    row.refresh_from_db()
    assert row.state == GeneratedFile.State.DONE
    page = client.get(results_url).content.decode()
    assert row.get_download_url() in page and "being made" not in page

    download = client.get(row.get_download_url())
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert "Survey results" in text and "66.7 %" in text and "Borda points" in text
    for focal in focals:
        assert focal.member_state.name not in text

    for user in (FinanceStaffFactory(), focals[0].user):
        client.force_login(user)
        assert client.get(row.get_download_url()).status_code == 404


def test_report_in_the_readers_language(client, django_capture_on_commit_callbacks):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    with translation.override("fr"):
        url = reverse("admin:surveys_survey_report", args=[survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, HTTP_ACCEPT_LANGUAGE="fr")
    row = GeneratedFile.objects.get(kind=RESULTS_REPORT)
    assert row.language == "fr"
    text = pdf_text(row.file.read())
    assert "(fr)" in text  # the questions and choices in French
    assert survey.title_fr in text


def test_opened_surveys_missing_translations_are_reported(django_assert_max_num_queries):
    survey, _focals = answered_survey()
    question = QuestionFactory(survey=survey, text_es="")
    survey.title_fr = ""
    survey.save()
    gaps = [gap for gap in parity.report() if gap.obj in (survey, question)]
    assert {(gap.obj, gap.language) for gap in gaps} == {(survey, "fr"), (question, "es")}
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_translations", stdout=out)
    assert question.text_en in out.getvalue()
    # Three queries for the surveys however many there are.
    from surveys.translation_report import survey_gaps

    with django_assert_max_num_queries(3):
        before = len(list(survey_gaps()))
    answered_survey()  # its rating's scale labels are in English only: two more gaps
    with django_assert_max_num_queries(3):
        assert len(list(survey_gaps())) == before + 2
