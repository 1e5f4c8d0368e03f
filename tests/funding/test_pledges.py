"""Pledges and payments through funding.services.pledges: states, payments within the
amount, revisions that replace the amount, overdue pledges."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from funding.errors import FundingError, InvalidTransition, Overpayment, PaymentTooEarly
from funding.models.pledges import Pledge
from funding.selectors import pledges as pledges_selectors
from funding.services import pledges
from tests.funding.factories import DonorFactory
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
Status = Pledge.Status
JAN = datetime.date(2009, 1, 15)


def new_pledge(**overrides) -> Pledge:
    fields = {
        "donor": DonorFactory(),
        "programme": ProgrammeFactory(year=2009),
        "amount": D("100000"),
        "currency": "CHF",
        "rate_to_usd": D("0.87150000"),
        "pledge_date": JAN,
        "due_date": datetime.date(2009, 6, 30),
    }
    return pledges.record_pledge(**{**fields, **overrides})


def committed(**overrides) -> Pledge:
    return pledges.commit_pledge(pledge=new_pledge(**overrides), agreement_reference="A-1")


def test_a_pledge_is_recorded_bare_with_its_usd_amount_rounded_once():
    pledge = new_pledge(amount=D("10.25"), rate_to_usd=D("0.5"))
    assert pledge.status == Status.PLEDGED
    # 10.25 × 0.5 = 5.125: rounded once, to the cent, half to even (not 5.13).
    assert pledge.amount_usd == D("5.12")


def test_payments_make_a_committed_pledge_paid_when_they_reach_its_amount():
    pledge = committed()
    pledges.record_payment(pledge=pledge, date=datetime.date(2009, 2, 1), amount=D("60000"))
    pledge.refresh_from_db()
    assert pledge.status == Status.COMMITTED
    payment = pledges.record_payment(
        pledge=pledge, date=datetime.date(2009, 3, 1), amount=D("40000")
    )
    pledge.refresh_from_db()
    assert pledge.status == Status.PAID
    assert payment.amount_usd == D("34860.00")


def test_overpayment_is_refused_and_nothing_is_recorded():
    pledge = committed()
    pledges.record_payment(pledge=pledge, date=datetime.date(2009, 2, 1), amount=D("90000"))
    with pytest.raises(Overpayment) as refused:
        pledges.record_payment(pledge=pledge, date=datetime.date(2009, 2, 2), amount=D("10000.01"))
    assert refused.value.field == "amount"
    assert "at most 10,000.00 CHF more" in str(refused.value)
    assert pledges_selectors.paid_amount(pledge) == D("90000.00")


def test_payment_before_the_pledge_date_is_refused_at_the_date():
    pledge = committed()
    with pytest.raises((PaymentTooEarly, ValidationError)) as refused:
        pledges.record_payment(pledge=pledge, date=datetime.date(2009, 1, 14), amount=D("1"))
    error = refused.value
    fields = error.message_dict if isinstance(error, ValidationError) else {error.field: 1}
    assert "date" in fields


def test_a_bare_pledge_takes_no_payment_until_committed():
    pledge = new_pledge()
    with pytest.raises(InvalidTransition):
        pledges.record_payment(pledge=pledge, date=JAN, amount=D("1"))


def test_revision_replaces_the_amount_and_keeps_the_history():
    pledge = committed(amount=D("100"), currency="USD", rate_to_usd=D("1"))
    pledges.revise_pledge(pledge=pledge, amount=D("150"))
    pledge.refresh_from_db()
    assert (pledge.amount, pledge.amount_usd) == (D("150.00"), D("150.00"))
    assert Pledge.objects.count() == 1
    assert [e["amount"] for e in pledges_selectors.amount_history(pledge)] == [
        D("100.00"),
        D("150.00"),
    ]


def test_revision_below_what_was_received_is_refused_and_down_to_it_pays_the_pledge():
    pledge = committed()
    pledges.record_payment(pledge=pledge, date=JAN, amount=D("60000"))
    with pytest.raises(FundingError) as refused:
        pledges.revise_pledge(pledge=pledge, amount=D("59999.99"))
    assert refused.value.field == "amount"
    pledges.revise_pledge(pledge=pledge, amount=D("60000"))
    pledge.refresh_from_db()
    assert pledge.status == Status.PAID
    pledges.revise_pledge(pledge=pledge, amount=D("70000"))  # raised again: money to come
    pledge.refresh_from_db()
    assert pledge.status == Status.COMMITTED


def test_cancel_a_pledge_but_not_one_with_money_received():
    bare = new_pledge()
    assert pledges.cancel_pledge(pledge=bare).status == Status.CANCELLED
    with pytest.raises(InvalidTransition):
        pledges.commit_pledge(pledge=bare)
    paid_in_part = committed()
    pledges.record_payment(pledge=paid_in_part, date=JAN, amount=D("1"))
    with pytest.raises(InvalidTransition):
        pledges.cancel_pledge(pledge=paid_in_part)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": D("0")}, "amount"),
        ({"amount": D("-5")}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"rate_to_usd": D("0")}, "rate_to_usd"),
        ({"currency": "USD", "rate_to_usd": D("1.1")}, "rate_to_usd"),
    ],
)
def test_bad_input_is_refused_at_its_field(overrides, field):
    with pytest.raises(ValidationError) as refused:
        new_pledge(**overrides)
    assert field in refused.value.message_dict


def test_earmarking_to_a_workshop_of_another_programme_is_refused():
    programme = ProgrammeFactory(year=2009)
    other = WorkshopFactory(programme=ProgrammeFactory(year=2008))
    with pytest.raises(ValidationError) as refused:
        new_pledge(programme=programme, workshop=other)
    assert "another programme" in refused.value.message_dict["workshop"][0]


def test_committed_pledge_past_its_due_date_is_overdue_until_paid():
    pledge = committed()
    assert list(pledges_selectors.overdue_pledges(datetime.date(2009, 7, 1))) == [pledge]
    assert pledge.is_overdue(datetime.date(2009, 7, 1))
    assert not pledge.is_overdue(datetime.date(2009, 6, 30))
    pledges.record_payment(pledge=pledge, date=JAN, amount=D("100000"))
    assert list(pledges_selectors.overdue_pledges(datetime.date(2009, 7, 1))) == []
    assert not new_pledge().is_overdue(datetime.date(2010, 1, 1))  # bare: nothing due yet
