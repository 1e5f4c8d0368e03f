"""The public funding summary (programme and workshop coverage, the donors who agreed to be
named), its link from the programme page, and each workshop page's coverage bar with the gap
in people."""

import datetime
from decimal import Decimal as D

import pytest

from funding import page_cache
from funding.models.budgets import Category
from funding.models.pledges import Pledge
from funding.services import pledges as pledges_services
from idm_portal import page_cache as portal_pages
from tests.funding.factories import DonorFactory, PaymentFactory, PledgeFactory, budget
from tests.funding.pages import bulk_pledges
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

SUMMARY = "/en/funding/2009/"


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2009)
    first = WorkshopFactory(
        programme=programme,
        slug="human-rights",
        start_date=datetime.date(2009, 3, 23),
        sponsored_seats=20,
    )
    second = WorkshopFactory(programme=programme, start_date=datetime.date(2009, 7, 9))
    budget(first, **{Category.PARTICIPANT_TRAVEL: "80000", Category.VENUE: "20000"})
    budget(second, **{Category.PARTICIPANT_TRAVEL: "100000"})
    return programme


def test_summary_lists_only_donors_who_agreed_to_be_named(client, programme):
    named = DonorFactory(name="Staff name", public_name="Kingdom of Examples")
    hidden = DonorFactory(name="Hidden Ministry", is_publicly_named=False)
    cancelled = DonorFactory(name="Gone Fund")
    PledgeFactory(donor=named, programme=programme)
    PledgeFactory(donor=hidden, programme=programme)
    PledgeFactory(donor=cancelled, programme=programme, status=Pledge.Status.CANCELLED)
    page = client.get(SUMMARY).content.decode()
    assert "Kingdom of Examples" in page
    assert "Hidden Ministry" not in page and "Gone Fund" not in page
    assert "Staff name" not in page


def test_summary_shows_programme_and_workshop_coverage(client, programme):
    first = programme.workshops.get(slug="human-rights")
    PledgeFactory(programme=programme, workshop=first, amount=D("50000.00"))  # committed
    PledgeFactory(programme=programme, amount=D("30000.00"), status=Pledge.Status.PLEDGED)
    response = client.get(SUMMARY)
    figures = response.context["figures"]
    assert figures.coverage.budget == D("200000.00")
    assert figures.coverage.funds == D("50000.00")
    assert figures.rows[0].coverage.coverage_percent == D("50.0")
    page = response.content.decode()
    assert "200,000.00\xa0USD" in page and "50.0\xa0%" in page
    assert "30,000.00\xa0USD" in page  # the bare pledge, shown apart
    assert page.count('<svg class="coverage-svg"') == 3  # the programme and each workshop


def test_programme_page_links_to_the_funding_summary(client, programme):
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'href="/en/funding/2009/"' in page


def test_current_summary_redirects_to_the_latest_programme(client, programme):
    response = client.get("/en/funding/")
    assert response.status_code == 302 and response["Location"] == SUMMARY


@pytest.mark.parametrize("pledges", [10, 1000])
def test_summary_query_count_does_not_grow_with_pledges(
    client, programme, django_assert_num_queries, pledges
):
    bulk_pledges(programme, pledges, workshops=list(programme.workshops.all()))
    # Funding's stamp and the programme; when the figures are not kept: coverage (3),
    # workshops (1), named donors (1). Kept whole (idm_portal.page_cache), an anonymous
    # visitor's page reads nothing; rendered again, the figures' fragment is still kept.
    with django_assert_num_queries(2 + 5):
        assert client.get(SUMMARY).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(SUMMARY).status_code == 200
    portal_pages.bump()
    with django_assert_num_queries(2):
        assert client.get(SUMMARY).status_code == 200


def test_a_new_pledge_shows_at_once_on_the_kept_summary(client, programme):
    client.get(SUMMARY)
    donor = DonorFactory(public_name="Newly Named")
    pledges_services.record_pledge(
        donor=donor,
        programme=programme,
        amount=D("7000.00"),
        currency="USD",
        rate_to_usd=D("1"),
        pledge_date=datetime.date(2009, 1, 5),
    )
    page = client.get(SUMMARY).content.decode()
    assert "Newly Named" in page and "7,000.00\xa0USD" in page


def test_workshop_page_shows_its_coverage_bar_figures_and_gap_in_people(client, programme):
    first = programme.workshops.get(slug="human-rights")
    pledge = PledgeFactory(programme=programme, workshop=first, amount=D("61000.00"))
    PaymentFactory(pledge=pledge, amount=D("11000.00"))
    page = client.get(first.get_absolute_url()).content.decode()
    bar = page.split('class="funding-bar', 1)[1].split("</section>", 1)[0]
    assert "100,000.00\xa0USD" in bar  # budget
    assert "61,000.00\xa0USD" in bar  # funds
    assert "39,000.00\xa0USD" in bar  # gap
    assert "61.0\xa0%" in bar
    # Travel line 80,000 for 20 sponsored seats: 4,000 a trip; a gap of 39,000 is 10 trips.
    assert "travel of 10 sponsored delegates" in bar
    assert "4,000.00\xa0USD" in bar
    assert '<svg class="coverage-svg"' in bar


def test_workshop_page_bar_query_count_is_flat(client, programme, django_assert_num_queries):
    first = programme.workshops.get(slug="human-rights")
    url = first.get_absolute_url()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_cache.store().clear()  # the badge's and bar's figures computed, not kept
    portal_pages.bump()  # nor the whole page (idm_portal.page_cache)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    bulk_pledges(programme, 500, workshops=[first])
    page_cache.store().clear()
    portal_pages.bump()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_workshop_without_budget_shows_no_bar(client):
    workshop = WorkshopFactory(programme=ProgrammeFactory(year=2010))
    assert 'class="funding-bar' not in client.get(workshop.get_absolute_url()).content.decode()


def test_gap_in_people_uses_the_average_sponsored_trip_once_trips_exist(
    client, programme, monkeypatch
):
    """Once travel sponsorship has committed money for trips, the gap is counted in trips of
    their average cost (here 3,000 and 4,800: 3,900 a trip), not the budget's 4,000."""
    from funding import hooks as funding_hooks

    first = programme.workshops.get(slug="human-rights")
    PledgeFactory(programme=programme, workshop=first, amount=D("61000.00"))
    trips = [
        funding_hooks.SponsoredTrip(workshop_id=first.pk, country="KE", cost=D("3000.00")),
        funding_hooks.SponsoredTrip(workshop_id=first.pk, country="BD", cost=D("4800.00")),
    ]
    monkeypatch.setitem(
        funding_hooks._COUNTERS,
        "test",
        lambda ids: [trip for trip in trips if trip.workshop_id in ids],
    )
    bar = client.get(first.get_absolute_url()).content.decode().split('class="funding-bar', 1)[1]
    # Average 3,900 a trip: a gap of 39,000 is 10 trips (the budget's 4,000 would also be
    # 10: the figure shown tells them apart).
    assert "3,900.00\xa0USD" in bar and "4,000.00\xa0USD" not in bar.split("</section>")[0]
