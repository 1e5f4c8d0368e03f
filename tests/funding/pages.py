"""What the tests of funding's pages share: a donor with a contact who is logged in, and many
pledges and payments made fast with bulk_create."""

import datetime
from decimal import Decimal as D

from funding.models.pledges import Payment, Pledge
from funding.money import to_usd
from tests.funding.factories import DonorFactory
from tests.idm_portal.factories import UserFactory


def donor_with_contact(**donor_fields):
    donor = DonorFactory(**donor_fields)
    contact = UserFactory(verified=True)
    donor.contacts.add(contact)
    return donor, contact


def swiss_donor(workshop):
    """The Government of Switzerland with a contact: 50,000 CHF committed to `workshop` (at
    1.10) with 20,000 received, and 30,000 USD pledged to its whole programme. Returns the
    donor, the contact and the earmarked pledge."""
    from tests.funding.factories import PaymentFactory, PledgeFactory

    donor, contact = donor_with_contact(name="Government of Switzerland")
    earmarked = PledgeFactory(
        donor=donor,
        workshop=workshop,
        amount=D("50000.00"),
        currency="CHF",
        rate_to_usd=D("1.1000"),
        status=Pledge.Status.COMMITTED,
    )
    PaymentFactory(pledge=earmarked, amount=D("20000.00"))
    PledgeFactory(donor=donor, programme=workshop.programme, amount=D("30000.00"))
    return donor, contact, earmarked


def bulk_pledges(programme, count, *, workshops=(), donors=None, payments_each=2):
    """`count` pledges spread over donors, states and earmarking, with payments, in a few
    queries (bulk_create)."""
    donors = donors or [DonorFactory(is_publicly_named=bool(i % 2)) for i in range(5)]
    states = [Pledge.Status.PLEDGED, Pledge.Status.COMMITTED, Pledge.Status.PAID]
    targets = [None, *workshops]
    pledges = Pledge.objects.bulk_create(
        Pledge(
            donor=donors[i % len(donors)],
            programme=programme,
            workshop=targets[i % len(targets)],
            amount=D("1000.00"),
            currency="EUR",
            rate_to_usd=D("1.25"),
            amount_usd=to_usd(D("1000.00"), D("1.25")),
            pledge_date=datetime.date(2009, 1, 15),
            due_date=datetime.date(2009, 3, 1),
            status=states[i % len(states)],
        )
        for i in range(count)
    )
    payments = [
        Payment(
            pledge=pledge,
            date=datetime.date(2009, 2, 1),
            amount=D("100.00"),
            amount_usd=to_usd(D("100.00"), D("1.25")),
        )
        for pledge in pledges
        if pledge.status != Pledge.Status.PLEDGED
        for _ in range(payments_each)
    ]
    Payment.objects.bulk_create(payments)
    return pledges
