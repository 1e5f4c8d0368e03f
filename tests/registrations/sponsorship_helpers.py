"""What the sponsorship tests share: a workshop with sponsorship figures and funds."""

from decimal import Decimal

from funding.models.budgets import Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from tests.funding.factories import PledgeFactory, budget
from tests.registrations.factories import SponsorshipSettingsFactory

TRIP = Decimal("2500.00")  # 1 200 + 300 × 4 + 100, for the factories' two-day workshop


def fund(workshop, amount, *, line=None):
    """A travel line of `line` (default: the amount) and `amount` USD earmarked, committed."""
    budget(workshop, **{Category.PARTICIPANT_TRAVEL: Decimal(line or amount)})
    PledgeFactory(workshop=workshop, amount=Decimal(amount), status=Pledge.Status.COMMITTED)


def sponsorable(workshop, *, funds=TRIP * 10, **settings):
    SponsorshipSettingsFactory(workshop=workshop, **settings)
    fund(workshop, funds)
    return workshop


def committed(workshop) -> Decimal:
    return sum(
        Commitment.objects.filter(workshop=workshop, released_at__isnull=True).values_list(
            "amount", flat=True
        ),
        Decimal("0.00"),
    )
