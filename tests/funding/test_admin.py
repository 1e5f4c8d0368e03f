"""The funding admin: Finance adds and changes pledges, the Secretariat reads them; bad input
is refused at its field and nothing is saved; payments go through the services."""

from decimal import Decimal as D

import pytest

from funding.models.pledges import Payment, Pledge
from tests.funding.factories import (
    BudgetFactory,
    DonorFactory,
    PaymentFactory,
    PledgeFactory,
    budget,
)
from tests.idm_portal.factories import FinanceStaffFactory, SecretariatStaffFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/funding/pledge/add/"
LISTS = [
    "/admin/funding/donor/",
    "/admin/funding/budget/",
    "/admin/funding/pledge/",
    "/admin/funding/commitment/",
]


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatStaffFactory())
    return client


def payments_management(total=0, initial=0, rows=()):
    data = {
        "payments-TOTAL_FORMS": str(total),
        "payments-INITIAL_FORMS": str(initial),
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"payments-{index}-{key}": value for key, value in row.items()})
    return data


def pledge_data(programme, **overrides):
    return {
        "donor": DonorFactory().pk,
        "programme": programme.pk,
        "workshop": "",
        "amount": "50000.00",
        "currency": "CHF",
        "rate_to_usd": "0.8715",
        "pledge_date": "2009-01-15",
        "due_date": "2009-06-30",
        "agreement_reference": "",
        "conditions": "",
        **payments_management(),
        **overrides,
    }


@pytest.mark.parametrize("url", LISTS)
def test_finance_and_secretariat_see_the_funding_lists(client, url):
    PledgeFactory()
    for user in (FinanceStaffFactory(), SecretariatStaffFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_finance_records_a_pledge_through_the_service(finance):
    programme = ProgrammeFactory(year=2009)
    response = finance.post(ADD, pledge_data(programme))
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge = Pledge.objects.get()
    assert (pledge.status, pledge.amount_usd) == (Pledge.Status.PLEDGED, D("43575.00"))
    assert pledge.history.count() == 1


def test_secretariat_only_reads_pledges(secretariat):
    programme = ProgrammeFactory(year=2009)
    pledge = PledgeFactory(programme=programme)
    assert secretariat.get(ADD).status_code == 403
    assert secretariat.post(ADD, pledge_data(programme)).status_code == 403
    change = f"/admin/funding/pledge/{pledge.pk}/change/"
    page = secretariat.get(change)
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()  # read only
    secretariat.post(change, {**pledge_data(programme), "amount": "1.00"})
    pledge.refresh_from_db()
    assert pledge.amount == D("1000.00")


def test_finance_may_not_delete_a_pledge(finance):
    pledge = PledgeFactory()
    assert finance.get(f"/admin/funding/pledge/{pledge.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "-100"}, "amount", "greater than zero"),
        ({"currency": "XYZ"}, "currency", "not an ISO 4217 currency code"),
        ({"rate_to_usd": "0"}, "rate_to_usd", "must be greater than zero"),
        ({"currency": "USD", "rate_to_usd": "1.2"}, "rate_to_usd", "rate of 1"),
    ],
)
def test_bad_pledge_input_is_refused_at_its_field(finance, overrides, field, message):
    programme = ProgrammeFactory(year=2009)
    response = finance.post(ADD, pledge_data(programme, **overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Pledge.objects.exists()
    assert overrides.get("amount", "50000.00") in response.content.decode()  # input kept


def test_earmarking_to_a_workshop_of_another_programme_is_refused_at_the_field(finance):
    programme = ProgrammeFactory(year=2009)
    elsewhere = WorkshopFactory(programme=ProgrammeFactory(year=2008))
    response = finance.post(ADD, pledge_data(programme, workshop=str(elsewhere.pk)))
    errors = response.context["adminform"].form.errors
    assert "another programme" in " ".join(errors["workshop"])
    assert not Pledge.objects.exists()


def change_with_payment(finance, pledge, row):
    data = pledge_data(
        pledge.programme,
        donor=pledge.donor.pk,
        amount=str(pledge.amount),
        currency=pledge.currency,
        rate_to_usd=str(pledge.rate_to_usd),
        pledge_date=pledge.pledge_date.isoformat(),
        due_date="",
        **payments_management(total=1, rows=[row]),
    )
    return finance.post(f"/admin/funding/pledge/{pledge.pk}/change/", data)


def test_finance_records_a_payment_and_the_pledge_is_paid(finance):
    pledge = PledgeFactory(amount=D("1000"), currency="EUR", rate_to_usd=D("1.3"))
    response = change_with_payment(finance, pledge, {"date": "2009-02-01", "amount": "1000"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PAID
    assert Payment.objects.get().amount_usd == D("1300.00")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"date": "2009-02-01", "amount": "1000.01"}, "at most 400.00 EUR more"),
        ({"date": "2009-01-14", "amount": "10"}, "cannot come before the pledge date"),
        ({"date": "2009-02-01", "amount": "0"}, "greater than zero"),
    ],
)
def test_bad_payment_is_refused_and_nothing_is_recorded(finance, row, message):
    pledge = PledgeFactory(amount=D("1000"), currency="EUR", rate_to_usd=D("1.3"))
    PaymentFactory(pledge=pledge, amount=D("600"))
    response = change_with_payment(finance, pledge, row)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Payment.objects.count() == 1


def test_finance_edits_a_budget_with_its_lines_inline(finance):
    workshop = WorkshopFactory()
    made = budget(workshop, participant_travel="1000")
    line = made.lines.get()
    data = {
        "notes": "Revised project document",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": str(line.pk),
        "lines-0-budget": str(made.pk),
        "lines-0-category": "participant_travel",
        "lines-0-amount": "2500.00",
        "lines-1-budget": str(made.pk),
        "lines-1-category": "overhead",
        "lines-1-amount": "300.00",
    }
    response = finance.post(f"/admin/funding/budget/{made.pk}/change/", data)
    assert response.status_code == 302
    assert dict(made.lines.values_list("category", "amount")) == {
        "participant_travel": D("2500.00"),
        "overhead": D("300.00"),
    }


def test_workshop_admin_shows_the_figure_that_decides_the_badge(client):
    client.force_login(SecretariatStaffFactory())
    workshop = WorkshopFactory()
    BudgetFactory(workshop=workshop)
    budget(workshop, participant_travel="1000")
    PledgeFactory(workshop=workshop, amount=D("400"))
    page = client.get(f"/admin/workshops/workshop/{workshop.pk}/change/").content.decode()
    assert "Funds 400.00 USD" in page
    assert "40.0 % covered; gap 600.00 USD: subject to funding" in page
