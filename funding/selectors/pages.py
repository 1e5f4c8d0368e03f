"""What the funding pages show, read in a fixed number of queries whatever the number of
pledges and payments: the programme's coverage per workshop (public summary, donor dashboard,
Finance's overview, the funding report) and a donor's own figures.

Shapes (plain dataclasses, so templates, CSV and PDF read the same figures):

- :class:`ProgrammeFigures`: ``programme``, ``coverage`` (a ProgrammeCoverage), ``rows``
  (a :class:`WorkshopRow` per workshop, in date order: ``workshop``, ``coverage``, ``bar``);
- :class:`DonorFigures`: ``donor``, ``pledges`` (:class:`PledgeRow`), ``programmes`` (what the
  donor's money funds in each programme: :class:`DonorFunds`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal

from funding import charts, hooks
from funding.models.donors import Donor
from funding.models.pledges import Pledge
from funding.money import CENT, ZERO
from funding.selectors import coverage, sponsored
from funding.selectors import pledges as pledges_selectors
from funding.selectors.coverage import Money, ProgrammeCoverage, WorkshopCoverage
from workshops import dates
from workshops.models import Programme, Workshop

Status = Pledge.Status


@dataclass(frozen=True)
class WorkshopRow:
    workshop: Workshop
    coverage: WorkshopCoverage
    bar: charts.Bar


@dataclass(frozen=True)
class ProgrammeFigures:
    programme: Programme
    coverage: ProgrammeCoverage
    rows: list[WorkshopRow]

    @property
    def money(self) -> Money:
        """All the programme's money by kind (earmarked and not)."""
        return self.coverage.earmarked + self.coverage.unearmarked

    @property
    def bar(self) -> charts.Bar:
        return charts.bar(self.money, self.coverage.budget)


def programmes_figures(programmes: list[Programme]) -> list[ProgrammeFigures]:
    """Each programme's coverage with its workshops' rows (four queries for any number)."""
    if not programmes:
        return []
    figures = coverage.programmes_coverage(p.pk for p in programmes)
    workshops = {
        w.pk: w for w in Workshop.objects.filter(programme__in=programmes).order_by("start_date")
    }
    result = []
    for programme in programmes:
        programme_coverage = figures[programme.pk]
        rows = [
            WorkshopRow(workshops[c.workshop_id], c, charts.workshop_bar(c))
            for c in programme_coverage.workshops
        ]
        result.append(ProgrammeFigures(programme, programme_coverage, rows))
    return result


def programme_figures(programme: Programme) -> ProgrammeFigures:
    return programmes_figures([programme])[0]


def current_programme() -> Programme | None:
    """The latest published programme (one query), or None."""
    return Programme.objects.filter(is_published=True).order_by("-year").first()


# --- a donor's own figures ------------------------------------------------------------------


@dataclass(frozen=True)
class PledgeRow:
    """A donor's pledge (``paid_amount``/``paid_usd`` annotated, ``payments`` prefetched)."""

    pledge: Pledge
    is_overdue: bool

    @property
    def outstanding(self) -> Decimal:
        if self.pledge.status == Status.CANCELLED:
            return ZERO
        return max(self.pledge.amount - self.pledge.paid_amount, ZERO)

    @property
    def money(self) -> Money:
        """The pledge in USD by kind, as coverage counts it."""
        pledge = self.pledge
        if pledge.status == Status.PLEDGED:
            return Money(pledged=pledge.amount_usd)
        if pledge.status == Status.PAID:
            return Money(paid=pledge.amount_usd)
        if pledge.status == Status.COMMITTED:
            return Money(paid=pledge.paid_usd, committed=pledge.amount_usd - pledge.paid_usd)
        return Money()


@dataclass(frozen=True)
class FundedWorkshop:
    workshop: Workshop
    earmarked: Money  # the donor's money earmarked to it
    share: Decimal  # USD of its share of the programme that comes from the donor's money

    @property
    def funds(self) -> Decimal:
        return self.earmarked.funds + self.share


@dataclass(frozen=True)
class DonorFunds:
    """What the donor's money funds in one programme. ``unearmarked``: the donor's money to the
    whole programme; ``portion``: its part of all the programme's unearmarked funds (0–1);
    ``reserve``: its part of the programme reserve. Sponsored delegates (how many, from how
    many countries, funding.selectors.sponsored) are ``sponsored`` once an app sponsors
    travel (funding.hooks.register_sponsorship_counter), else None."""

    programme: Programme
    unearmarked: Money
    portion: Decimal | None
    workshops: list[FundedWorkshop]
    reserve: Decimal
    sponsored: dict | None = None


@dataclass(frozen=True)
class DonorFigures:
    donor: Donor
    pledges: list[PledgeRow]
    programmes: list[DonorFunds] = field(default_factory=list)
    charts: list[ProgrammeFigures] = field(default_factory=list)

    @property
    def totals(self) -> Money:
        return sum((row.money for row in self.pledges), Money())


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _donor_funds(figures: ProgrammeFigures, rows: list[PledgeRow]) -> DonorFunds:
    earmarked: dict[int, Money] = defaultdict(Money)
    unearmarked = Money()
    for row in rows:
        if row.pledge.workshop_id is None:
            unearmarked = unearmarked + row.money
        else:
            earmarked[row.pledge.workshop_id] = earmarked[row.pledge.workshop_id] + row.money
    total_unearmarked = figures.coverage.unearmarked.funds
    portion = unearmarked.funds / total_unearmarked if total_unearmarked > 0 else None
    workshops = [
        FundedWorkshop(
            workshop=r.workshop,
            earmarked=earmarked.get(r.workshop.pk, Money()),
            share=_cents(r.coverage.share.funds * portion) if portion else ZERO,
        )
        for r in figures.rows
    ]
    reserve = _cents(figures.coverage.reserve.funds * portion) if portion else ZERO
    return DonorFunds(figures.programme, unearmarked, portion, workshops, reserve)


def donor_figures(donor: Donor, *, today: datetime.date | None = None) -> DonorFigures:
    """The donor's pledges (newest first), what its money funds in each programme it gave to,
    and the coverage of those programmes and of the current one, per workshop. Seven queries
    (eight with sponsored delegates) whatever the number of pledges, payments or workshops."""
    today = today or dates.today()
    pledges = list(pledges_selectors.donor_pledges(donor))
    rows = [PledgeRow(p, p.is_overdue(today)) for p in pledges]
    programmes = {p.programme_id: p.programme for p in pledges}
    current = current_programme()
    if current is not None:
        programmes.setdefault(current.pk, current)
    ordered = sorted(programmes.values(), key=lambda p: -p.year)
    charts_ = programmes_figures(ordered)
    given = [
        figures
        for figures in charts_
        if any(r.pledge.programme_id == figures.programme.pk for r in rows)
    ]
    funds = [
        _donor_funds(figures, [r for r in rows if r.pledge.programme_id == figures.programme.pk])
        for figures in given
    ]
    funds = _with_sponsored(given, funds)
    return DonorFigures(donor=donor, pledges=rows, programmes=funds, charts=charts_)


def _with_sponsored(given: list[ProgrammeFigures], funds: list[DonorFunds]) -> list[DonorFunds]:
    """Each programme's sponsored delegates the donor's money paid for (funding.selectors.
    sponsored), when an app sponsors travel: one query for all the programmes' workshops."""
    if not funds or not hooks.has_sponsorship_counter():
        return funds
    trips = hooks.sponsored_trips([row.workshop.pk for f in given for row in f.rows])
    return [
        replace(
            donor_funds,
            sponsored=sponsored.attribute(
                rows=figures.rows,
                own_earmarked={w.workshop.pk: w.earmarked.funds for w in donor_funds.workshops},
                portion=donor_funds.portion,
                trips=trips,
            ),
        )
        for figures, donor_funds in zip(given, funds, strict=True)
    ]


def donor_pledge(donor: Donor, pk: int) -> Pledge:
    """The donor's own pledge `pk` with its payments; Pledge.DoesNotExist for any other."""
    return pledges_selectors.donor_pledges(donor).get(pk=pk)
