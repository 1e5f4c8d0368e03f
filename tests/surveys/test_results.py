"""The results page for staff: figures checked by hand, the response rate by region, charts
beside their tables, the query count flat as responses grow, and who may see it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.models.surveys import Question
from surveys.selectors import rates as rates_selectors
from surveys.selectors import results as results_selectors
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.surveys.results_helpers import ANSWERS, answer, answered_survey, form
from tests.workshops.factories import MemberStateFactory
from workshops.models import MemberState

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def _by_kind(found):
    return {result.kind: result for result in found.questions}


def test_results_arithmetic_by_hand():
    survey, _focals = answered_survey()
    found = _by_kind(results_selectors.survey_results(survey))

    single = found[Kind.SINGLE_CHOICE]
    assert single.answered == 3
    assert [(line.count, line.percent) for line in single.lines] == [
        (1, Decimal("33.3")),
        (2, Decimal("66.7")),
        (0, Decimal("0.0")),
    ]
    multiple = found[Kind.MULTIPLE_CHOICE]
    assert multiple.answered == 2
    assert [(line.count, line.percent) for line in multiple.lines] == [
        (1, Decimal("50.0")),
        (0, Decimal("0.0")),
        (2, Decimal("100.0")),
    ]
    ranking = found[Kind.RANKING]
    labels = [c.text for c in ranking.question.choices.all()]
    assert [(line.label, line.points, line.place) for line in ranking.lines] == [
        (labels[0], 4, 1),
        (labels[1], 3, 2),
        (labels[2], 2, 3),
    ]
    assert ranking.winner.label == labels[0]
    rating = found[Kind.RATING]
    assert rating.mean == Decimal("3.67")
    assert [line.count for line in rating.lines] == [0, 1, 0, 1, 1]
    assert rating.lines[0].label == "1 – Poor" and rating.lines[4].label == "5 – Excellent"
    number = found[Kind.NUMBER].summary
    assert (number.count, number.mean, number.median) == (3, Decimal("4.83"), Decimal("3.00"))
    assert (number.minimum, number.maximum) == (Decimal("1.5"), Decimal("10"))
    # Free texts, in alphabetical order (never the order they were written).
    assert found[Kind.SHORT_TEXT].texts == [("apples", 1), ("Mangoes", 1), ("Zebra crossings", 1)]
    assert len(found[Kind.LONG_TEXT].texts) == 2
    # The same text twice is listed once, with its count.
    answer(survey, form(survey, short="Mangoes"))
    texts = _by_kind(results_selectors.survey_results(survey))[Kind.SHORT_TEXT].texts
    assert ("Mangoes", 2) in texts and len(texts) == 3


def test_results_pool_every_language():
    survey, _focals = answered_survey()
    from django.utils import translation

    with translation.override("fr"):
        found = _by_kind(results_selectors.survey_results(survey))
    single = found[Kind.SINGLE_CHOICE]
    assert single.lines[1].label.endswith("(fr)") and single.lines[1].count == 2


def test_response_rate_by_region_of_member_states():
    survey, focals = answered_survey()  # three African states answered
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER)
    africa = members.filter(region=MemberState.Region.AFRICA).count()
    europe_before = members.filter(region=MemberState.Region.EUROPE).count()
    europe = [MemberStateFactory(region=MemberState.Region.EUROPE) for _ in range(3)]
    answer(survey, form(survey, single=0), state=europe[0])
    MemberStateFactory(region=MemberState.Region.AFRICA, status=MemberState.Status.OBSERVER)
    rate = rates_selectors.response_rate(survey)
    rows = {line.label: (line.answered, line.audience, line.percent) for line in rate.by_region}
    assert rows["Africa"] == (3, africa, Decimal(300 / africa).quantize(Decimal("0.1")))
    assert rows["Europe"][:2] == (1, europe_before + 3)
    assert (rate.overall.answered, rate.overall.audience) == (4, members.count())
    assert rate.overall.audience == sum(line.audience for line in rate.by_region)


def test_results_page_shows_figures_charts_and_tables(client):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    page = client.get(reverse("admin:surveys_survey_results", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="results-chart"') == 5  # rate, single, multiple, ranking, rating
    assert html.count('class="results-table"') >= 6
    assert "66.7 %" in html and "3.67" in html and "Borda points" in html
    assert "<li>Zebra crossings</li>" in html
    content = html.split('id="content"')[1]
    assert "<script" not in content and "cdn" not in content.lower()
    # The survey's page and the list link the results.
    change = client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    listing = client.get(reverse("admin:surveys_survey_changelist")).content.decode()
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    assert url in change and url in listing


def test_results_page_for_staff_who_may_view_surveys_only(client):
    survey, _focals = answered_survey()
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    client.force_login(FinanceStaffFactory())
    assert client.get(url).status_code == 403
    client.force_login(_focals[0].user)
    assert client.get(url).status_code == 302  # to the admin's login: not staff


def test_results_page_query_count_does_not_grow_with_responses(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    survey, _focals = answered_survey()
    client.force_login(SecretariatStaffFactory())
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    client.get(url)
    # At most 14 (the session may come from the cache: one less with Redis); the same after.
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for values in ANSWERS * 4:
        answer(survey, form(survey, **values))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
