from django.core.management import call_command

from surveys.models.responses import Answer, Participation, Response
from surveys.models.surveys import Question, Survey


def test_demo_has_the_three_2009_surveys_answered_and_loads_once(db):
    call_command("load_demo")
    effectiveness = Survey.objects.get(title_en__startswith="The International Dialogue")
    theme = Survey.objects.get(title_en__contains="theme of the IDM in 2010")
    evaluation = Survey.objects.get(audience=Survey.Audience.WORKSHOP_PARTICIPANTS)

    assert effectiveness.questions.count() == 12
    assert len(set(effectiveness.questions.values_list("kind", flat=True))) == 7
    assert all(q.text_fr and q.text_es for q in Question.objects.all())
    assert effectiveness.responses.values("member_state").distinct().count() >= 20
    ranking = theme.questions.get(kind=Question.Kind.RANKING)
    assert ranking.choices.count() == 4 and theme.responses.count() >= 10
    assert evaluation.is_anonymous and evaluation.workshop.start_date.year == 2009
    assert evaluation.participations.count() >= 10
    assert set(evaluation.responses.values_list("user", "member_state")) == {(None, None)}
    assert all(survey.is_opened for survey in Survey.objects.all())

    counts = (Survey.objects.count(), Response.objects.count(), Answer.objects.count())
    call_command("load_demo")
    assert (Survey.objects.count(), Response.objects.count(), Answer.objects.count()) == counts
    assert Participation.objects.count() == Response.objects.count()
