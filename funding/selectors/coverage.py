"""How far the money covers the budgets: per workshop, per programme, and the badge.

Every figure is in USD. Money comes in three kinds, kept apart (:class:`Money`):

- ``paid``: money received (payments on committed pledges, and paid pledges);
- ``committed``: the part of committed pledges not yet received;
- ``pledged``: bare pledges, shown but not counted (OCHA's Financial Tracking Service).

``funds`` = committed + paid: what counts. Cancelled pledges count nowhere; a revised pledge
counts with its current amount only.

A workshop's funds are its earmarked money plus its share of the programme's unearmarked
money. Unearmarked money is shared pro rata to each workshop's remaining gap (its budget less
its earmarked funds), never above it (:func:`funding.selectors.allocation.allocate`); what no
gap takes is the programme reserve. Paid money is shared first, then committed money against
the gaps left, then bare pledges against the gaps left after that (what they *would* cover):
since the gaps left stay proportional, funds are shared pro rata to the gaps, as one sum.

A workshop without a budget has no gap (it takes no share) and stays subject to funding:
nothing says what covering it means. A workshop whose budget is zero is covered.

Queries: the functions here read a whole batch of programmes in three queries (budgets by
workshop, pledges by workshop and state, payments on committed pledges by workshop), whatever
the number of workshops, pledges or payments; the arithmetic is done in Python on those sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from funding.models.pledges import Payment, Pledge
from funding.money import ZERO
from funding.selectors.allocation import allocate, percent
from workshops.models import Programme, Workshop

Status = Pledge.Status


@dataclass(frozen=True)
class Money:
    """USD by kind: ``paid``, ``committed`` (not yet paid), ``pledged`` (bare, not counted).
    ``funds`` = committed + paid; ``total`` = everything that is not cancelled."""

    paid: Decimal = ZERO
    committed: Decimal = ZERO
    pledged: Decimal = ZERO

    @property
    def funds(self) -> Decimal:
        return self.paid + self.committed

    @property
    def total(self) -> Decimal:
        return self.funds + self.pledged

    def __add__(self, other: Money) -> Money:
        return Money(
            self.paid + other.paid, self.committed + other.committed, self.pledged + other.pledged
        )


@dataclass(frozen=True)
class WorkshopCoverage:
    """One workshop's figures, in USD.

    - ``workshop_id``, ``programme_id``
    - ``has_budget``: a budget exists (even of zero); ``budget``: the sum of its lines
    - ``earmarked``: :class:`Money` earmarked to it
    - ``share``: :class:`Money`, its share of the programme's unearmarked money
    - ``funds``: earmarked + share, committed and paid (what counts)
    - ``covered``: funds up to the budget; ``surplus``: earmarked funds beyond the budget
    - ``gap``: budget − funds, never below zero
    - ``coverage_percent``: covered ÷ budget, 0–100, to a tenth; None without a budget > 0
    - ``is_subject_to_funding``: no budget, or a gap left (the badge)
    """

    workshop_id: int
    programme_id: int
    has_budget: bool
    budget: Decimal
    earmarked: Money
    share: Money

    @property
    def money(self) -> Money:
        return self.earmarked + self.share

    @property
    def funds(self) -> Decimal:
        return self.money.funds

    @property
    def covered(self) -> Decimal:
        return min(self.funds, self.budget)

    @property
    def surplus(self) -> Decimal:
        return max(self.funds - self.budget, ZERO)

    @property
    def gap(self) -> Decimal:
        return max(self.budget - self.funds, ZERO)

    @property
    def coverage_percent(self) -> Decimal | None:
        return percent(self.covered, self.budget)

    @property
    def is_subject_to_funding(self) -> bool:
        return not self.has_budget or self.gap > 0


@dataclass(frozen=True)
class ProgrammeCoverage:
    """A programme's figures, in USD.

    - ``programme_id``; ``workshops``: its :class:`WorkshopCoverage`, in date order
    - ``budget``: the sum of the workshops' budgets
    - ``earmarked``, ``unearmarked``: :class:`Money` pledged to one workshop / to the whole
    - ``reserve``: :class:`Money`, unearmarked money that no workshop's gap takes
    - ``funds``: all committed and paid money (earmarked, unearmarked)
    - ``gap``: the sum of the workshops' gaps; ``covered`` = budget − gap
    - ``coverage_percent``: covered ÷ budget, 0–100, to a tenth; None without a budget > 0
    """

    programme_id: int
    budget: Decimal
    earmarked: Money
    unearmarked: Money
    reserve: Money
    workshops: list[WorkshopCoverage] = field(default_factory=list)

    @property
    def funds(self) -> Decimal:
        return self.earmarked.funds + self.unearmarked.funds

    @property
    def gap(self) -> Decimal:
        return sum((w.gap for w in self.workshops), ZERO)

    @property
    def covered(self) -> Decimal:
        return self.budget - self.gap

    @property
    def coverage_percent(self) -> Decimal | None:
        return percent(self.covered, self.budget)

    def for_workshop(self, workshop_id: int) -> WorkshopCoverage:
        return next(w for w in self.workshops if w.workshop_id == workshop_id)


# --- the three reads ------------------------------------------------------------------------


def workshop_budgets(programme_ids: Iterable[int]) -> list[dict]:
    """One query. Every workshop of the programmes, in date order, as
    ``{"pk", "programme_id", "has_budget", "budget"}`` (budget: the sum of its lines, USD)."""
    rows = (
        Workshop.objects.filter(programme_id__in=list(programme_ids))
        .values("pk", "programme_id", "start_date", "budget__id")
        .annotate(total=Sum("budget__lines__amount"))
        .order_by("programme_id", "start_date", "pk")
    )
    return [
        {
            "pk": row["pk"],
            "programme_id": row["programme_id"],
            "has_budget": row["budget__id"] is not None,
            "budget": row["total"] or ZERO,
        }
        for row in rows
    ]


def pledge_sums(programme_ids: Iterable[int]) -> dict[tuple[int, int | None], Money]:
    """Two queries. {(programme pk, workshop pk or None for the whole programme): Money} of
    the programmes' pledges that are not cancelled."""
    programme_ids = list(programme_ids)
    by_state = (
        Pledge.objects.filter(programme_id__in=programme_ids)
        .exclude(status=Status.CANCELLED)
        .values("programme_id", "workshop_id", "status")
        .annotate(total=Sum("amount_usd"))
        .order_by()
    )
    received = (
        Payment.objects.filter(
            pledge__programme_id__in=programme_ids, pledge__status=Status.COMMITTED
        )
        .values("pledge__programme_id", "pledge__workshop_id")
        .annotate(total=Sum("amount_usd"))
        .order_by()
    )
    sums: dict[tuple[int, int | None], dict[str, Decimal]] = defaultdict(
        lambda: {"paid": ZERO, "committed": ZERO, "pledged": ZERO}
    )
    for row in by_state:
        sums[(row["programme_id"], row["workshop_id"])][row["status"]] += row["total"] or ZERO
    for row in received:
        key = (row["pledge__programme_id"], row["pledge__workshop_id"])
        paid = row["total"] or ZERO
        # Received on a committed pledge: paid, and no longer merely committed.
        sums[key]["paid"] += paid
        sums[key]["committed"] -= paid
    return {key: Money(**value) for key, value in sums.items()}


# --- the figures ----------------------------------------------------------------------------


def _programme_figures(programme_id: int, budgets: list[dict], sums: dict) -> ProgrammeCoverage:
    earmarked = {row["pk"]: sums.get((programme_id, row["pk"]), Money()) for row in budgets}
    unearmarked = sums.get((programme_id, None), Money())
    gaps = {
        row["pk"]: (
            max(row["budget"] - earmarked[row["pk"]].funds, ZERO) if row["has_budget"] else ZERO
        )
        for row in budgets
    }
    # Paid money fills the gaps first, then committed money, then (prospectively) bare pledges.
    paid, reserve_paid = allocate(unearmarked.paid, gaps)
    gaps = {pk: gap - paid[pk] for pk, gap in gaps.items()}
    committed, reserve_committed = allocate(unearmarked.committed, gaps)
    gaps = {pk: gap - committed[pk] for pk, gap in gaps.items()}
    pledged, reserve_pledged = allocate(unearmarked.pledged, gaps)
    workshops = [
        WorkshopCoverage(
            workshop_id=row["pk"],
            programme_id=programme_id,
            has_budget=row["has_budget"],
            budget=row["budget"],
            earmarked=earmarked[row["pk"]],
            share=Money(paid[row["pk"]], committed[row["pk"]], pledged[row["pk"]]),
        )
        for row in budgets
    ]
    return ProgrammeCoverage(
        programme_id=programme_id,
        budget=sum((row["budget"] for row in budgets), ZERO),
        earmarked=sum(earmarked.values(), Money()),
        unearmarked=unearmarked,
        reserve=Money(reserve_paid, reserve_committed, reserve_pledged),
        workshops=workshops,
    )


def programmes_coverage(programme_ids: Iterable[int]) -> dict[int, ProgrammeCoverage]:
    """{programme pk: ProgrammeCoverage} for several programmes at once, in three queries."""
    programme_ids = sorted(set(programme_ids))
    if not programme_ids:
        return {}
    budgets = workshop_budgets(programme_ids)
    sums = pledge_sums(programme_ids)
    by_programme: dict[int, list[dict]] = {pk: [] for pk in programme_ids}
    for row in budgets:
        by_programme[row["programme_id"]].append(row)
    return {pk: _programme_figures(pk, rows, sums) for pk, rows in by_programme.items()}


def programme_coverage(programme: Programme) -> ProgrammeCoverage:
    """The programme's :class:`ProgrammeCoverage`, its workshops' included (three queries)."""
    return programmes_coverage([programme.pk])[programme.pk]


def workshops_coverage(workshops: Iterable[Workshop]) -> dict[int, WorkshopCoverage]:
    """{workshop pk: WorkshopCoverage} for a batch of workshops (of any programmes), in three
    queries. A workshop's share depends on its programme's other workshops, which are read too.
    """
    workshops = list(workshops)
    programmes = programmes_coverage({w.programme_id for w in workshops})
    wanted = {w.pk for w in workshops}
    return {
        figures.workshop_id: figures
        for programme in programmes.values()
        for figures in programme.workshops
        if figures.workshop_id in wanted
    }


def workshop_coverage(workshop: Workshop) -> WorkshopCoverage:
    """One workshop's :class:`WorkshopCoverage` (three queries)."""
    return workshops_coverage([workshop])[workshop.pk]


def funding_states(workshops: Iterable[Workshop]) -> dict[int, bool]:
    """{workshop pk: is subject to funding}: what the badge shows (workshops.hooks)."""
    return {pk: c.is_subject_to_funding for pk, c in workshops_coverage(workshops).items()}
