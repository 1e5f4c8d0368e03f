"""The demo's surveys on the results page: every page answers, and the 2010 theme survey's
ranking has a winner staff can apply (or a tie the page explains)."""

from django.core.management import call_command
from django.urls import reverse

from surveys.models.surveys import Question, Survey
from surveys.translation_report import survey_gaps
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.surveys.results_helpers import answers_file, downloaded


def test_demo_surveys_results_pages_and_theme_page(db, client):
    call_command("load_demo")
    # The demo's surveys are trilingual: nothing for the translations report (and so
    # manage.py check_translations keeps passing on the demo).
    assert list(survey_gaps()) == []
    client.force_login(SecretariatStaffFactory())
    for survey in Survey.objects.all():
        page = client.get(reverse("admin:surveys_survey_results", args=[survey.pk]))
        assert page.status_code == 200
        for file_format in ("csv", "xlsx"):
            url = reverse("admin:surveys_survey_export", args=[survey.pk, "results", file_format])
            assert client.get(url).status_code == 200
            downloaded(client, answers_file(client, survey, file_format))
    theme = Survey.objects.get(title_en__contains="theme of the IDM in 2010")
    ranking = theme.questions.get(kind=Question.Kind.RANKING)
    page = client.get(reverse("admin:surveys_survey_apply_theme", args=[theme.pk, ranking.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "IDM 2010" in html or "share first place" in html
