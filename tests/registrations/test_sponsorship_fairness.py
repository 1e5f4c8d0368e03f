"""The fairness view of a workshop's travel sponsorship (issue 13, item 6): requests,
approvals and money by region, income category and gender, and what remains, on a
hand-checked case; Finance and the Secretariat see it, in a flat number of queries."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models.budgets import Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import fairness
from tests.funding.factories import PledgeFactory, budget, committable
from tests.idm_portal.factories import (
    DelegateFactory,
    FinanceStaffFactory,
    SecretariatStaffFactory,
    UserFactory,
)
from tests.registrations.factories import (
    DelegateProfileFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.workshops.factories import MemberStateFactory, WorkshopFactory
from workshops.models import MemberState, Workshop

pytestmark = pytest.mark.django_db

Status = Sponsorship.Status
Gender = DelegateProfile.Gender
Region = MemberState.Region
Dac = MemberState.DacCategory


def request(workshop, state, gender, status=Status.REQUESTED, cost=None):
    commitment = None
    if cost is not None:
        committable(workshop)
        commitment = Commitment.objects.create(
            workshop=workshop, category=Category.PARTICIPANT_TRAVEL, amount=D(cost), reference="t"
        )
    return SponsorshipFactory(
        registration=RegistrationFactory(
            workshop=workshop,
            delegate=DelegateProfileFactory(member_state=state, gender=gender),
            status=Registration.Status.CONFIRMED,
        ),
        status=status,
        commitment=commitment,
    )


@pytest.fixture
def case():
    """Five sponsored seats; a travel line of 12 000 and 10 000 for the venue; 15 000 of funds.
    Kenya (Africa, LDC) F approved 2 500; Peru (Americas, UMIC) M approved 3 000; Nepal (Asia,
    LDC) F requested; Ghana (Africa, other low income) M declined. The venue has 4 000
    committed."""
    workshop = WorkshopFactory(capacity=50, sponsored_seats=5)
    budget(
        workshop,
        **{Category.PARTICIPANT_TRAVEL: D("12000.00"), Category.VENUE: D("10000.00")},
    )
    PledgeFactory(workshop=workshop, amount=D("15000.00"), status=Pledge.Status.COMMITTED)
    committable(workshop)
    Commitment.objects.create(
        workshop=workshop, category=Category.VENUE, amount=D("4000.00"), reference="venue"
    )
    kenya = MemberStateFactory(region=Region.AFRICA, dac_category=Dac.LDC)
    peru = MemberStateFactory(region=Region.AMERICAS, dac_category=Dac.UMICT)
    nepal = MemberStateFactory(region=Region.ASIA, dac_category=Dac.LDC)
    ghana = MemberStateFactory(region=Region.AFRICA, dac_category=Dac.OLIC)
    request(workshop, kenya, Gender.FEMALE, Status.APPROVED, "2500.00")
    request(workshop, peru, Gender.MALE, Status.APPROVED, "3000.00")
    request(workshop, nepal, Gender.FEMALE)
    request(workshop, ghana, Gender.MALE, Status.DECLINED)
    return workshop


def figures(rows):
    return {row.key: (row.requests, row.approvals, row.committed) for row in rows}


def test_the_hand_checked_case(case):
    result = fairness.workshop_fairness(case)

    assert figures(result.by["region"]) == {
        "africa": (2, 1, D("2500.00")),
        "americas": (1, 1, D("3000.00")),
        "asia": (1, 0, D("0.00")),
    }
    assert figures(result.by["income"]) == {
        "ldc": (2, 1, D("2500.00")),
        "olic": (1, 0, D("0.00")),
        "umict": (1, 1, D("3000.00")),
    }
    assert figures(result.by["gender"]) == {
        "female": (2, 1, D("2500.00")),
        "male": (2, 1, D("3000.00")),
    }
    assert (result.total.requests, result.total.approvals, result.total.committed) == (
        4,
        2,
        D("5500.00"),
    )
    # Travel line 12 000 − 5 500 = 6 500; funds 15 000 − (5 500 + 4 000) = 5 500: the smaller.
    assert result.free_for_travel == D("5500.00")
    assert (result.seats, result.seats_free) == (5, 3)


def test_a_released_commitment_is_no_money_committed(case):
    sponsorship = Sponsorship.objects.get(
        workshop=case, status=Status.APPROVED, commitment__amount=D("3000.00")
    )
    Commitment.objects.filter(pk=sponsorship.commitment_id).update(released_at="2009-03-01T00:00Z")
    Sponsorship.objects.filter(pk=sponsorship.pk).update(status=Status.CANCELLED)

    result = fairness.workshop_fairness(case)

    assert result.total.committed == D("2500.00")
    assert result.free_for_travel == D("8500.00")  # min(12 000 − 2 500, 15 000 − 6 500)
    assert result.seats_free == 4


def page(case):
    return reverse("registrations:sponsorship_fairness", args=[case.pk])


@pytest.mark.parametrize("staff_factory", [FinanceStaffFactory, SecretariatStaffFactory])
def test_finance_and_the_secretariat_see_it(client, case, staff_factory):
    client.force_login(staff_factory())

    response = client.get(page(case))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-figure="free_for_travel">5,500.00' in text
    assert 'data-figure="seats_free">3 / 5' in text
    assert client.get(reverse("registrations:sponsorship_fairness_index")).status_code == 200


def test_a_delegate_is_sent_to_the_login_and_staff_without_the_permission_refused(client, case):
    client.force_login(DelegateFactory())
    response = client.get(page(case))
    assert response.status_code == 302 and "login" in response["Location"]

    staff = UserFactory(is_staff=True, verified=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workshop"))
    client.force_login(staff)
    assert client.get(page(case)).status_code == 403


def test_the_workshop_admin_links_it(client, case):
    client.force_login(SecretariatStaffFactory())

    change = client.get(reverse("admin:workshops_workshop_change", args=[case.pk]))

    assert page(case) in change.content.decode()


def test_the_page_makes_the_same_number_of_queries_with_more_requests(
    client, case, django_assert_num_queries
):
    client.force_login(FinanceStaffFactory())
    client.get(page(case))

    with CaptureQueriesContext(connection) as before:
        client.get(page(case))
    # Room for six more approvals: the database refuses more than the sponsored seats.
    Workshop.objects.filter(pk=case.pk).update(sponsored_seats=11)
    for _ in range(6):
        request(
            case, MemberStateFactory(region=Region.OCEANIA), Gender.OTHER, Status.APPROVED, "100.00"
        )

    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(page(case))
    assert fairness.workshop_fairness(case).by["region"][-1].requests == 6
    assert response.status_code == 200
