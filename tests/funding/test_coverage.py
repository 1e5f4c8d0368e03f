"""Coverage arithmetic on hand-checked cases (funding.selectors.coverage): what counts, how
unearmarked money is shared, what the badge says."""

import datetime
from decimal import Decimal as D

import pytest

from funding.models.pledges import Pledge
from funding.selectors import coverage
from funding.selectors import pledges as pledges_selectors
from funding.services import pledges
from tests.funding.factories import DonorFactory, PaymentFactory, PledgeFactory, budget
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
Status = Pledge.Status


@pytest.fixture
def programme():
    return ProgrammeFactory(year=2009)


def two_workshops(programme, a_budget, b_budget):
    a = WorkshopFactory(programme=programme, start_date=datetime.date(2009, 3, 25))
    b = WorkshopFactory(programme=programme, start_date=datetime.date(2009, 7, 9))
    budget(a, participant_travel=a_budget)
    budget(b, participant_travel=b_budget)
    return a, b


def test_mixed_currencies_partly_paid_cancelled_and_bare_pledges(programme):
    a, b = two_workshops(programme, "100000", "50000")
    swiss = PledgeFactory(workshop=a, amount=D("50000"), currency="CHF", rate_to_usd=D("0.9"))
    PaymentFactory(pledge=swiss, amount=D("20000"))  # 18,000 USD received, 27,000 to come
    euro = PledgeFactory(
        workshop=b, amount=D("10000"), currency="EUR", rate_to_usd=D("1.3"), status=Status.PAID
    )
    PaymentFactory(pledge=euro, amount=D("10000"))
    PledgeFactory(programme=programme, amount=D("100000"), status=Status.CANCELLED)
    PledgeFactory(programme=programme, amount=D("30000"), status=Status.PLEDGED)
    PledgeFactory(programme=programme, amount=D("46000"), status=Status.COMMITTED)

    figures = coverage.programme_coverage(programme)
    first, second = figures.workshops

    # Gaps after earmarked funds: 55,000 and 37,000; 46,000 unearmarked shared 55:37.
    assert first.earmarked == coverage.Money(paid=D("18000.00"), committed=D("27000.00"))
    assert first.share.committed == D("27500.00")
    assert (first.funds, first.gap, first.coverage_percent) == (
        D("72500.00"),
        D("27500.00"),
        D("72.5"),
    )
    assert second.earmarked == coverage.Money(paid=D("13000.00"))
    assert second.share.committed == D("18500.00")
    assert (second.funds, second.gap, second.coverage_percent) == (
        D("31500.00"),
        D("18500.00"),
        D("63.0"),
    )
    # The bare pledge is shown against what is still missing, never counted as funds:
    # 30,000 × 27,500/46,000 = 17,934.78…, 30,000 × 18,500/46,000 = 12,065.21…; the last
    # cent goes to the larger remainder.
    assert (first.share.pledged, second.share.pledged) == (D("17934.78"), D("12065.22"))
    assert first.is_subject_to_funding and second.is_subject_to_funding

    assert figures.budget == D("150000.00")
    assert figures.earmarked.funds == D("58000.00")
    assert figures.unearmarked == coverage.Money(committed=D("46000.00"), pledged=D("30000.00"))
    assert figures.reserve == coverage.Money()
    assert (figures.funds, figures.gap, figures.coverage_percent) == (
        D("104000.00"),
        D("46000.00"),
        D("69.3"),
    )


def test_over_earmarked_workshop_keeps_its_surplus_and_the_rest_goes_to_the_gaps(programme):
    a, b = two_workshops(programme, "10000", "20000")
    PledgeFactory(workshop=a, amount=D("15000"), status=Status.PAID)
    PledgeFactory(programme=programme, amount=D("25000"), status=Status.PAID)

    figures = coverage.programme_coverage(programme)
    first, second = figures.workshops

    assert (first.share.funds, first.surplus, first.gap) == (D("0"), D("5000.00"), D("0"))
    assert first.coverage_percent == D("100.0")
    assert not first.is_subject_to_funding
    assert second.share.paid == D("20000.00")
    assert not second.is_subject_to_funding
    assert figures.reserve.paid == D("5000.00")
    assert figures.gap == D("0") and figures.coverage_percent == D("100.0")


def test_zero_budget_is_covered_and_no_budget_stays_subject_to_funding(programme):
    zero = WorkshopFactory(programme=programme)
    budget(zero, overhead="0")
    no_budget = WorkshopFactory(programme=programme)
    costly = WorkshopFactory(programme=programme)
    budget(costly, venue_interpretation="1000")
    PledgeFactory(programme=programme, amount=D("500"))

    by_workshop = coverage.workshops_coverage([zero, no_budget, costly])

    assert by_workshop[zero.pk].gap == D("0")
    assert by_workshop[zero.pk].coverage_percent is None
    assert not by_workshop[zero.pk].is_subject_to_funding
    assert by_workshop[no_budget.pk].share.funds == D("0")  # no gap: no share
    assert by_workshop[no_budget.pk].is_subject_to_funding
    assert by_workshop[costly.pk].share.committed == D("500.00")
    assert by_workshop[costly.pk].is_subject_to_funding


def test_bare_pledges_are_shown_but_do_not_fund(programme):
    workshop = WorkshopFactory(programme=programme)
    budget(workshop, participant_travel="1000")
    PledgeFactory(workshop=workshop, amount=D("5000"), status=Status.PLEDGED)

    figures = coverage.workshop_coverage(workshop)

    assert figures.earmarked.pledged == D("5000.00")
    assert figures.funds == D("0")
    assert figures.is_subject_to_funding


def test_revised_pledge_counts_its_new_amount_once(programme):
    workshop = WorkshopFactory(programme=programme)
    budget(workshop, participant_travel="1000")
    pledge = pledges.record_pledge(
        donor=DonorFactory(),
        programme=programme,
        workshop=workshop,
        amount=D("100"),
        currency="USD",
        rate_to_usd=D("1"),
        pledge_date=datetime.date(2009, 1, 5),
    )
    pledges.commit_pledge(pledge=pledge)
    pledges.revise_pledge(pledge=pledge, amount=D("150"))

    assert coverage.workshop_coverage(workshop).funds == D("150.00")  # never 250
    amounts = [entry["amount"] for entry in pledges_selectors.amount_history(pledge)]
    assert amounts == [D("100.00"), D("150.00")]


def test_coverage_queries_do_not_grow_with_pledges(programme, django_assert_num_queries):
    a, b = two_workshops(programme, "100000", "50000")
    PledgeFactory(workshop=a)
    with django_assert_num_queries(3):
        coverage.programme_coverage(programme)
    for _ in range(30):
        PaymentFactory(pledge=PledgeFactory(workshop=b, amount=D("10")), amount=D("5"))
        PledgeFactory(programme=programme, status=Status.PLEDGED)
    with django_assert_num_queries(3):
        coverage.programme_coverage(programme)
    elsewhere = WorkshopFactory()
    with django_assert_num_queries(3):
        coverage.workshops_coverage([a, b, elsewhere])  # two programmes: still three
