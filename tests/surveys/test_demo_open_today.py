"""After `make run` (load_demo), the demo focal point and the demo delegate find a survey open
for them today and can answer it, while the 2009 surveys keep their answered state."""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from idm_portal.models import User
from surveys import demo_open_texts, demo_texts
from surveys.models.responses import Draft, Participation
from surveys.models.surveys import Survey


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _answer_url(survey) -> str:
    return reverse("surveys:answer", kwargs={"pk": survey.pk})


def test_demo_focal_point_and_delegate_have_an_open_survey_to_answer(db):
    call_command("load_demo")
    theme = Survey.objects.get(title_en=demo_texts.THEME["title"][0])
    delegates = Survey.objects.get(title_en=demo_open_texts.DELEGATES["title"][0])
    assert theme.is_open_now and delegates.is_open_now and delegates.is_anonymous
    answered_in_2009 = theme.participations.count()
    assert answered_in_2009 >= 10
    for survey in Survey.objects.exclude(pk__in=[theme.pk, delegates.pk]):
        assert survey.has_closed and survey.participations.count() >= 10

    focal = _client("focalpoint@example.org")
    page = focal.get(reverse("surveys:my_surveys")).content.decode()
    assert _answer_url(theme) in page
    ranking = theme.questions.get(kind="ranking")
    draft = {f"q{ranking.pk}-c{c.pk}": str(i) for i, c in enumerate(ranking.choices.all(), 1)}
    saved = focal.post(_answer_url(theme), {**draft, "action": "save"})
    assert saved.status_code == 302
    assert Draft.objects.get(survey=theme).member_state.country.code == "KE"

    delegate = _client("delegate@example.org")
    page = delegate.get(reverse("surveys:my_surveys")).content.decode()
    assert _answer_url(delegates) in page
    assert delegate.post(_answer_url(delegates), {"action": "save"}).status_code == 302
    assert Draft.objects.filter(survey=delegates).count() == 1

    # A second load keeps them open and adds nothing; the 2009 answers are as they were.
    counts = (Survey.objects.count(), Participation.objects.count())
    call_command("load_demo")
    assert (Survey.objects.count(), Participation.objects.count()) == counts
    assert theme.participations.count() == answered_in_2009
