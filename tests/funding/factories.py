import datetime
from decimal import Decimal

import factory

from funding.models.budgets import Budget, BudgetLine, Category
from funding.models.donors import Donor
from funding.models.ledger import FundsLedger
from funding.models.pledges import Payment, Pledge
from funding.money import to_usd
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    name = factory.Sequence(lambda n: f"Foundation {n}")
    kind = Donor.Kind.FOUNDATION
    is_publicly_named = True


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget
        django_get_or_create = ("workshop",)

    workshop = factory.SubFactory(WorkshopFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = Category.PARTICIPANT_TRAVEL
    amount = Decimal("100000.00")


def committable(workshop, funds="1000000.00") -> None:
    """Room in the database's funds ledger (funding/models/ledger.py) for commitments a test
    writes directly, as if the money had been there when they were made: on PostgreSQL the
    database refuses a commitment past the funds funding's services last computed."""
    FundsLedger.objects.update_or_create(workshop=workshop, defaults={"funds": Decimal(funds)})


def budget(workshop, **lines) -> Budget:
    """A budget for `workshop`: budget(w, participant_travel=Decimal(...), overhead=...)."""
    made = BudgetFactory(workshop=workshop)
    for category, amount in lines.items():
        BudgetLineFactory(budget=made, category=category, amount=Decimal(amount))
    return made


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge row as the services leave it (amount_usd by funding.money.to_usd). Its state
    is set directly: tests of the services go through them."""

    class Meta:
        model = Pledge

    donor = factory.SubFactory(DonorFactory)
    programme = factory.LazyAttribute(
        lambda o: o.workshop.programme if o.workshop else ProgrammeFactory()
    )
    workshop = None
    amount = Decimal("1000.00")
    currency = "USD"
    rate_to_usd = Decimal("1")
    amount_usd = factory.LazyAttribute(lambda o: to_usd(o.amount, o.rate_to_usd))
    pledge_date = datetime.date(2009, 1, 15)
    status = Pledge.Status.COMMITTED


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    pledge = factory.SubFactory(PledgeFactory)
    date = factory.LazyAttribute(lambda o: o.pledge.pledge_date)
    amount = Decimal("100.00")
    amount_usd = factory.LazyAttribute(lambda o: to_usd(o.amount, o.pledge.rate_to_usd))
