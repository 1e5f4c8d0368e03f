"""Money of a workshop promised away — a delegate's travel sponsorship, later — and given
back. The only way another app spends the programme's money::

    from funding.services import commitments
    commitment = commitments.commit_funds(
        workshop=workshop, category=Category.PARTICIPANT_TRAVEL, amount=cost,
        reference=f"Sponsorship {sponsorship.pk}",
    )

Locks: the workshop's row (select_for_update), the same one registrations take for seats, so
a caller that already holds it keeps one lock, and two commitments for a workshop run one at
a time. Under it, refuses a commitment that would take the budget line's commitments past the
line (OverBudgetLine) or the workshop's commitments past its funds — committed and paid money,
earmarked and its share of the unearmarked, as funding.selectors.coverage computes them
(InsufficientFunds). The database refuses the same (funding/migrations/0004: a trigger for
the line, the funds ledger's CHECK for the funds, whose ceiling this service writes first);
its refusal comes back as the same error and message.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from funding.errors import FundingError, InsufficientFunds, InvalidTransition, OverBudgetLine
from funding.models.budgets import BudgetLine, Category
from funding.models.commitments import Commitment
from funding.selectors import commitments as commitments_selectors
from funding.selectors import coverage
from funding.services import ledger
from funding.services.common import save_checked
from idm_portal.db_limits import violated_limit
from workshops.models import Workshop


def _usd(amount: Decimal) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} USD"


def _over_line(category: str, line: Decimal | None, committed: Decimal, amount: Decimal):
    return OverBudgetLine(
        gettext(
            "The line “%(line)s” of this workshop's budget is %(budget)s, of which "
            "%(committed)s is already committed: %(amount)s does not fit."
        )
        % {
            "line": Category(category).label,
            "budget": _usd(line or Decimal("0.00")),
            "committed": _usd(committed),
            "amount": _usd(amount),
        }
    )


def _over_funds(funds: Decimal, committed: Decimal, amount: Decimal):
    return InsufficientFunds(
        gettext(
            "This workshop has %(funds)s of funds, of which %(committed)s is already "
            "committed: %(amount)s does not fit."
        )
        % {"funds": _usd(funds), "committed": _usd(committed), "amount": _usd(amount)}
    )


@transaction.atomic
def commit_funds(
    *, workshop: Workshop, category: str, amount: Decimal, reference: str
) -> Commitment:
    """Record `amount` USD of the workshop's `category` line as promised away."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if category not in Category.values:
        raise FundingError(gettext("Unknown budget line."), field="category")
    if amount is None or amount <= 0:
        raise FundingError(gettext("Enter an amount greater than zero."), field="amount")
    line = (
        BudgetLine.objects.filter(budget__workshop=workshop, category=category)
        .values_list("amount", flat=True)
        .first()
    )
    by_category = commitments_selectors.committed_by_category(workshop)
    line_committed = by_category.get(category, Decimal("0.00"))
    if line is None or line_committed + amount > line:
        raise _over_line(category, line, line_committed, amount)
    funds = coverage.workshop_coverage(workshop).funds
    committed = sum(by_category.values(), Decimal("0.00"))
    if committed + amount > funds:
        raise _over_funds(funds, committed, amount)
    # The database's ceiling is the figure just checked against, under the same lock.
    ledger.set_funds(workshop_id=workshop.pk, funds=funds)
    commitment = Commitment(
        workshop=workshop, category=category, amount=amount, reference=reference
    )
    try:
        with transaction.atomic():
            save_checked(commitment, exclude=["workshop"])
    except IntegrityError as error:
        # Only if the checks above and the database disagree (data written past the
        # services): the database's word stands, in the words of the check it backs up.
        limit = violated_limit(error)
        if limit == "commitment_within_budget_line":
            raise _over_line(category, line, line_committed, amount) from error
        if limit == "funds_ledger_committed_within_funds":
            raise _over_funds(funds, committed, amount) from error
        raise
    return commitment


@transaction.atomic
def release_funds(*, commitment: Commitment) -> Commitment:
    """Give the commitment's money back to its workshop (a sponsorship withdrawn)."""
    Workshop.objects.select_for_update().get(pk=commitment.workshop_id)
    commitment = Commitment.objects.get(pk=commitment.pk)
    if commitment.released_at is not None:
        raise InvalidTransition(gettext("These funds were already released."))
    commitment.released_at = timezone.now()
    save_checked(commitment, exclude=["workshop"])
    return commitment
