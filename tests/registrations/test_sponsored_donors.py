"""Donors' sponsored-delegate counts (issue 13, item 7), on hand-checked cases: money earmarked
to a workshop pays its sponsored trips first, unearmarked money the rest by each donor's share
(the rule in funding.selectors.sponsored's docstring)."""

from decimal import Decimal as D

import pytest
from django.core.cache import cache

from funding import page_cache
from funding.models.budgets import Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from funding.selectors import pages, stamp
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from tests.funding.factories import DonorFactory, PledgeFactory, budget, committable
from tests.funding.pages import donor_with_contact
from tests.registrations.factories import (
    DelegateProfileFactory,
    RegistrationFactory,
    SponsorshipFactory,
    SponsorshipSettingsFactory,
)
from tests.workshops.factories import MemberStateFactory, ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Sponsorship.Status


@pytest.fixture
def programme():
    return ProgrammeFactory(year=2009, is_published=True)


@pytest.fixture
def workshop(programme):
    made = WorkshopFactory(programme=programme, capacity=50, sponsored_seats=10)
    budget(made, **{Category.PARTICIPANT_TRAVEL: D("20000.00")})
    return made


def trip(workshop, cost, *, status=Status.APPROVED, state=None, released=False):
    state = state or MemberStateFactory()
    committable(workshop)
    commitment = Commitment.objects.create(
        workshop=workshop, category=Category.PARTICIPANT_TRAVEL, amount=D(cost), reference="t"
    )
    if released:
        Commitment.objects.filter(pk=commitment.pk).update(released_at="2009-03-01T00:00Z")
    return SponsorshipFactory(
        registration=RegistrationFactory(
            workshop=workshop,
            delegate=DelegateProfileFactory(member_state=state),
            status=Registration.Status.CONFIRMED,
        ),
        status=status,
        commitment=commitment,
    )


def sponsored(donor):
    (funds,) = pages.donor_figures(donor).programmes
    return funds.sponsored


def earmarked(donor, workshop, amount, status=Pledge.Status.COMMITTED):
    return PledgeFactory(donor=donor, workshop=workshop, amount=D(amount), status=status)


def unearmarked(donor, programme, amount, status=Pledge.Status.COMMITTED):
    return PledgeFactory(donor=donor, programme=programme, amount=D(amount), status=status)


def test_earmarked_money_pays_its_workshops_trips_first(programme, workshop):
    """X earmarked 10 000 to the workshop, Y gave 5 000 to the programme; two trips of 2 500
    (5 000): X's money pays both, Y's pays none."""
    x, y = DonorFactory(), DonorFactory()
    earmarked(x, workshop, "10000.00")
    unearmarked(y, programme, "5000.00")
    trip(workshop, "2500.00")
    trip(workshop, "2500.00")

    assert (sponsored(x).delegates, sponsored(x).countries) == (D("2.0"), 2)
    assert (sponsored(y).delegates, sponsored(y).countries) == (D("0.0"), 0)


def test_unearmarked_money_pays_what_earmarked_money_does_not(programme, workshop):
    """X earmarked 2 500; Y gave 10 000 to the programme, all of it the workshop's share (its
    gap is 17 500). Three trips of 2 500 (7 500): X pays 2 500 (one delegate), Y 5 000 (two);
    both paid part of every trip, so both count the three countries."""
    x, y = DonorFactory(), DonorFactory()
    earmarked(x, workshop, "2500.00")
    unearmarked(y, programme, "10000.00")
    for _ in range(3):
        trip(workshop, "2500.00")

    assert (sponsored(x).delegates, sponsored(x).countries, sponsored(x).paid) == (
        D("1.0"),
        3,
        D("2500.00"),
    )
    assert (sponsored(y).delegates, sponsored(y).countries, sponsored(y).paid) == (
        D("2.0"),
        3,
        D("5000.00"),
    )


def test_unearmarked_donors_share_by_their_portion(programme, workshop):
    """Y 6 000 and Z 4 000 to the programme; two trips of 2 500: Y paid 3 000 (1.2 delegates),
    Z 2 000 (0.8)."""
    y, z = DonorFactory(), DonorFactory()
    unearmarked(y, programme, "6000.00")
    unearmarked(z, programme, "4000.00")
    kenya = MemberStateFactory()
    SponsorshipSettingsFactory(workshop=workshop, max_sponsored_per_state=2)
    trip(workshop, "2500.00", state=kenya)
    trip(workshop, "2500.00", state=kenya)

    assert (sponsored(y).delegates, sponsored(y).countries) == (D("1.2"), 1)
    assert (sponsored(z).delegates, sponsored(z).countries) == (D("0.8"), 1)


def test_only_trips_holding_money_count_and_bare_pledges_pay_nothing(programme, workshop):
    x, bare = DonorFactory(), DonorFactory()
    earmarked(x, workshop, "10000.00")
    unearmarked(bare, programme, "9000.00", status=Pledge.Status.PLEDGED)
    trip(workshop, "2500.00")
    trip(workshop, "2500.00", status=Status.REQUESTED)
    trip(workshop, "2500.00", status=Status.DECLINED, released=True)
    trip(workshop, "2500.00", status=Status.CANCELLED, released=True)

    assert (sponsored(x).delegates, sponsored(x).countries) == (D("1.0"), 1)
    assert sponsored(bare).delegates == D("0.0")


def test_earmarked_money_counts_only_at_its_own_workshop(programme, workshop):
    other = WorkshopFactory(programme=programme, capacity=50, sponsored_seats=5)
    budget(other, **{Category.PARTICIPANT_TRAVEL: D("10000.00")})
    x = DonorFactory()
    earmarked(x, workshop, "3000.00")
    earmarked(DonorFactory(), other, "10000.00")
    trip(workshop, "2500.00")
    trip(other, "2500.00")
    trip(other, "2500.00")

    assert (sponsored(x).delegates, sponsored(x).countries) == (D("1.0"), 1)


@pytest.mark.parametrize("trips", [1, 6])
def test_the_dashboard_shows_the_count_in_a_flat_number_of_queries(
    client, programme, workshop, trips, django_assert_num_queries
):
    donor, contact = donor_with_contact()
    earmarked(donor, workshop, "20000.00")
    for _ in range(trips):
        trip(workshop, "2500.00")
    client.force_login(contact)
    client.get("/en/donor/")
    cache.clear()
    page_cache.store().clear()  # the dashboard is kept whole per user: count it cold
    stamp.forget()

    # The dashboard's cold count (tests/funding/test_donor_dashboard.py) and the session, read
    # from the database once the cache is cleared.
    with django_assert_num_queries(14):
        page = client.get("/en/donor/").content.decode()

    if trips == 1:
        assert "Your money paid for the travel of 1 sponsored delegate from a capital." in page
        assert "They come from 1 country." in page
    else:
        assert "Your money paid for the travel of 6 sponsored delegates from capitals." in page
        assert "They come from 6 countries." in page
