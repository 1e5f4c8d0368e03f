"""The donor dashboard: a donor contact lands on it and sees a donor's menu, its own pledges
and payments with their states, what its money funds and the programme's coverage; never
another donor's pledge (404), name when private, notes, conditions or agreement references."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from funding import page_cache
from funding.models.budgets import Category
from funding.models.pledges import Pledge
from funding.services import pledges as pledges_services
from tests.funding.factories import DonorFactory, PaymentFactory, PledgeFactory, budget
from tests.funding.pages import bulk_pledges, donor_with_contact
from tests.idm_portal.factories import PASSWORD, DelegateFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/en/donor/"


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2009)
    first = WorkshopFactory(programme=programme, start_date=datetime.date(2009, 3, 23))
    second = WorkshopFactory(programme=programme, start_date=datetime.date(2009, 7, 9))
    budget(first, **{Category.PARTICIPANT_TRAVEL: "80000", Category.VENUE: "20000"})
    budget(second, **{Category.PARTICIPANT_TRAVEL: "100000"})
    return programme


def test_donor_contact_lands_on_the_dashboard_after_logging_in(client):
    _donor, contact = donor_with_contact()
    response = client.post("/en/accounts/login/", {"login": contact.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_a_delegate_still_lands_on_the_home_page(client):
    delegate = DelegateFactory()
    response = client.post("/en/accounts/login/", {"login": delegate.email, "password": PASSWORD})
    assert response["Location"] == "/en/"


def test_donor_contact_sees_a_donors_menu_not_a_delegates(client, programme):
    _donor, contact = donor_with_contact()
    client.force_login(contact)
    page = client.get(DASHBOARD).content.decode()
    assert "Donor dashboard" in page
    assert "My registrations" not in page
    assert "My profile" not in page
    home = client.get("/en/").content.decode()
    assert "My registrations" not in home and "Donor dashboard" in home


def test_donor_contact_is_not_greeted_as_a_delegate_on_the_profile_page(client):
    _donor, contact = donor_with_contact()
    client.force_login(contact)
    response = client.get("/en/my-profile/", follow=True)
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert "delegate profile is made with your first registration" not in response.content.decode()


def test_a_user_who_is_no_donors_contact_gets_404(client):
    client.force_login(DelegateFactory())
    assert client.get(DASHBOARD).status_code == 404


def test_anonymous_visitor_is_asked_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_shows_own_pledges_with_states_in_currency_and_usd(client, programme):
    donor, contact = donor_with_contact(name="Confederation Fund")
    workshop = programme.workshops.order_by("start_date").first()
    pledge = PledgeFactory(
        donor=donor,
        programme=programme,
        workshop=workshop,
        amount=D("40000.00"),
        currency="CHF",
        rate_to_usd=D("0.875"),
        status=Pledge.Status.COMMITTED,
    )
    PaymentFactory(pledge=pledge, amount=D("10000.00"))
    client.force_login(contact)
    page = client.get(DASHBOARD).content.decode()
    assert "40,000.00\xa0CHF" in page
    assert "35,000.00\xa0USD" in page  # 40,000 CHF at 0.875
    assert "10,000.00\xa0CHF" in page  # received
    assert "Committed" in page
    assert reverse("funding:pledge", kwargs={"pk": pledge.pk}) in page


def test_dashboard_shows_what_unearmarked_money_funds(client, programme):
    donor, contact = donor_with_contact()
    # 90,000 to the whole programme, the only unearmarked money: shared pro rata to the gaps
    # (100,000 and 100,000): 45,000 each.
    PledgeFactory(donor=donor, programme=programme, amount=D("90000.00"))
    client.force_login(contact)
    response = client.get(DASHBOARD)
    funds = response.context["figures"].programmes[0]
    assert [w.share for w in funds.workshops] == [D("45000.00"), D("45000.00")]
    assert "45,000.00\xa0USD" in response.content.decode()


def test_dashboard_draws_coverage_charts_with_a_table_beside(client, programme):
    _donor, contact = donor_with_contact()
    client.force_login(contact)
    page = client.get(DASHBOARD).content.decode()
    assert page.count('<svg class="coverage-svg"') == 2
    assert '<table class="figures">' in page
    assert "<script" not in page.split("<main", 1)[1]


def test_other_donors_appear_only_as_they_agreed_and_never_their_private_fields(client, programme):
    donor, contact = donor_with_contact()
    private = DonorFactory(
        name="Secret Ministry", is_publicly_named=False, private_notes="do not tell"
    )
    PledgeFactory(
        donor=private,
        programme=programme,
        amount=D("5000.00"),
        agreement_reference="AGR-SECRET-1",
        conditions="Only if sunny",
    )
    PledgeFactory(donor=donor, programme=programme)
    client.force_login(contact)
    for url in (
        DASHBOARD,
        "/en/donor/my-figures.csv",
        "/en/donor/transactions/2009.csv",
        "/en/donor/transactions/2009.json",
        "/en/funding/2009/",
    ):
        body = client.get(url).content.decode()
        for secret in ("Secret Ministry", "do not tell", "AGR-SECRET-1", "Only if sunny"):
            assert secret not in body, (url, secret)


def test_a_donor_gets_404_on_another_donors_pledge(client, programme):
    _donor, contact = donor_with_contact()
    other = PledgeFactory(programme=programme)
    client.force_login(contact)
    assert client.get(f"/en/donor/pledges/{other.pk}/").status_code == 404


def test_a_donor_sees_its_own_pledge_with_its_payments(client, programme):
    donor, contact = donor_with_contact()
    pledge = PledgeFactory(donor=donor, programme=programme, agreement_reference="OWN-7")
    PaymentFactory(pledge=pledge, amount=D("250.00"), date=datetime.date(2009, 2, 2))
    client.force_login(contact)
    page = client.get(f"/en/donor/pledges/{pledge.pk}/").content.decode()
    assert "OWN-7" in page and "250.00\xa0USD" in page and "2 February 2009" in page


def test_dashboard_is_in_french_with_french_amounts(client, programme):
    donor, contact = donor_with_contact()
    PledgeFactory(donor=donor, programme=programme, amount=D("1234567.00"))
    client.force_login(contact)
    page = client.get("/fr/donor/").content.decode()
    assert "1\xa0234\xa0567,00\xa0USD" in page


@pytest.mark.parametrize("pledges", [10, 1000])
def test_dashboard_query_count_does_not_grow_with_pledges(
    client, programme, django_assert_num_queries, pledges
):
    donor, contact = donor_with_contact()
    workshops = list(programme.workshops.all())
    bulk_pledges(programme, pledges, workshops=workshops, donors=[donor, DonorFactory()])
    client.force_login(contact)
    client.get(DASHBOARD)  # warm the session
    page_cache.store().clear()  # bulk_pledges bypass the stamp
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(DASHBOARD).status_code == 200
    with django_assert_num_queries(DASHBOARD_QUERIES_KEPT):
        assert client.get(DASHBOARD).status_code == 200


# The user (1; the session comes from the cache), funding's stamp (2: tests read it at every
# use, a process in production at most once a second), the report's row (1); the donor is kept
# on the stamp. When nothing is kept: the donor (1), pledges and their payments (2), the
# current programme (1), coverage (3), workshops (1), the sponsored trips (1, through
# funding.hooks: registrations sponsors travel).
DASHBOARD_QUERIES_KEPT = 4
DASHBOARD_QUERIES = DASHBOARD_QUERIES_KEPT + 9


def test_a_payment_shows_at_once_on_the_kept_dashboard(client, programme):
    donor, contact = donor_with_contact()
    pledge = PledgeFactory(donor=donor, programme=programme, amount=D("5000.00"))
    client.force_login(contact)
    assert "1,234.00" not in client.get(DASHBOARD).content.decode()
    pledges_services.record_payment(
        pledge=pledge, date=datetime.date(2009, 2, 1), amount=D("1234.00")
    )
    assert "1,234.00\xa0USD" in client.get(DASHBOARD).content.decode()


def test_a_contact_removed_from_the_donor_loses_the_dashboard_at_once(client, programme):
    """Who is whose contact is kept on funding's stamp: removing one changes the stamp."""
    donor, contact = donor_with_contact(name="Kingdom of Norway")
    client.force_login(contact)
    assert client.get(DASHBOARD).status_code == 200

    donor.contacts.remove(contact)

    assert client.get(DASHBOARD).status_code == 404


def test_a_contact_moved_to_another_donor_sees_that_donors_dashboard(client, programme):
    donor, contact = donor_with_contact(name="Kingdom of Norway")
    other = DonorFactory(name="Swiss Confederation")
    client.force_login(contact)
    assert "Kingdom of Norway" in client.get(DASHBOARD).content.decode()

    donor.contacts.remove(contact)
    other.contacts.add(contact)

    page = client.get(DASHBOARD).content.decode()
    assert "Swiss Confederation" in page
    assert "Kingdom of Norway" not in page


def test_a_deleted_donor_s_contact_gets_a_404(client, programme):
    donor, contact = donor_with_contact(name="Kingdom of Norway")
    client.force_login(contact)
    assert client.get(DASHBOARD).status_code == 200

    donor.delete()

    assert client.get(DASHBOARD).status_code == 404
