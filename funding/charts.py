"""Coverage charts drawn on the server: plain SVG, no script, no library, no CDN.

Each workshop is one horizontal bar against its budget: paid money, then committed money,
then bare pledges (drawn hatched: shown, not counted), over a grey track of the budget. The
figures are always also in a table beside the chart (the chart's ``<title>`` and
``<desc>`` name the workshop and its coverage for screen readers). Widths are percentages of
the largest of the budget and the money shown, computed here so the templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from funding.selectors.coverage import Money, WorkshopCoverage

_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Bar:
    """One bar's segments as x offsets and widths in % of the chart's width (0–100)."""

    paid_width: Decimal
    committed_x: Decimal
    committed_width: Decimal
    pledged_x: Decimal
    pledged_width: Decimal
    budget_width: Decimal


def _share(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return Decimal("0.0")
    return min(Decimal(100), part * 100 / whole).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def bar(money: Money, budget: Decimal) -> Bar:
    """Paid, committed and pledged money of one workshop against its budget."""
    scale = max(budget, money.total)
    paid = _share(money.paid, scale)
    committed = _share(money.committed, scale)
    pledged = _share(money.pledged, scale)
    return Bar(
        paid_width=paid,
        committed_x=paid,
        committed_width=committed,
        pledged_x=paid + committed,
        pledged_width=pledged,
        budget_width=_share(budget, scale),
    )


def workshop_bar(figures: WorkshopCoverage) -> Bar:
    return bar(figures.money, figures.budget)
