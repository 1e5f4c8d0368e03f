"""Writes of budgets: a workshop's budget and the amount of each of its lines.

Locks: the rows of every workshop of the programme, in id order (ledger.lock_programmes): the
workshop's own, as commitments take it, so a line is not lowered under a commitment being
recorded, and the others, which the ledger's refresh takes next, in the order every writer
takes them. Refuses a line below what is already committed against it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext

from funding.errors import FundingError
from funding.models.budgets import Budget, BudgetLine
from funding.selectors import commitments as commitments_selectors
from funding.services import ledger
from funding.services.common import save_checked
from workshops.models import Workshop


@transaction.atomic
def save_budget(*, workshop: Workshop, notes: str = "", by=None) -> Budget:
    """The workshop's budget, created if it has none, with its notes."""
    # The whole programme's workshops, in ledger.refresh's order (it takes them next).
    ledger.lock_programmes([workshop.programme_id])
    budget = Budget.objects.filter(workshop=workshop).first() or Budget(workshop=workshop)
    budget.notes = notes
    save_checked(budget, by=by, exclude=["workshop"] if budget.pk else ())
    ledger.refresh(programme_ids=[workshop.programme_id])
    return budget


@transaction.atomic
def set_lines(*, budget: Budget, amounts: dict[str, Decimal | None], by=None) -> Budget:
    """Set the budget's lines: {category: USD}; None removes the line."""
    ledger.lock_programmes([budget.workshop.programme_id])
    committed = commitments_selectors.committed_by_category(budget.workshop)
    for category, amount in amounts.items():
        line = BudgetLine.objects.filter(budget=budget, category=category).first()
        already = committed.get(category, Decimal("0.00"))
        if (amount or Decimal("0.00")) < already:
            raise FundingError(
                gettext("%(committed)s USD of this line is already committed: it cannot be less.")
                % {"committed": number_format(already, decimal_pos=2, force_grouping=True)},
                field="amount",
            )
        if amount is None:
            if line is not None:
                line.delete()
            continue
        line = line or BudgetLine(budget=budget, category=category)
        line.amount = amount
        save_checked(line, by=by)
    ledger.refresh(programme_ids=[budget.workshop.programme_id])
    return budget
