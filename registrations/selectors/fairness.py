"""The fairness view of a workshop's travel sponsorship, for staff: requests and approvals,
with the money committed, by region, by income category (the state's DAC category) and by
gender; and what remains: funds free for participant travel and sponsored seats free.

Every request made counts as a request, whatever became of it; an approval is a request
holding a sponsored seat (approved, ticket issued, travelled, settled, or a no-show: its money
was spent); the money is what the requests' commitments hold and have not released.
Free for travel = the smaller of the travel budget line less what it has committed and the
workshop's funds (funding.selectors.coverage) less everything it has committed, never below
zero: commit_funds refuses past either.

Queries: one GROUP BY over the workshop's requests (folded in Python into the three
breakdowns) and five for what remains (coverage's three, the budget line, the commitments by
category), whatever the number of requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from funding.models.budgets import BudgetLine, Category
from funding.selectors import commitments as commitments_selectors
from funding.selectors import coverage
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import Sponsorship
from workshops.models import MemberState, Workshop

ZERO = Decimal("0.00")
STATE = "registration__delegate__member_state__"
DIMENSIONS = {
    "region": STATE + "region",
    "income": STATE + "dac_category",
    "gender": "registration__delegate__gender",
}


@dataclass
class Row:
    key: str
    label: str
    requests: int = 0
    approvals: int = 0
    committed: Decimal = ZERO

    def add(self, requests: int, approvals: int, committed: Decimal) -> None:
        self.requests += requests
        self.approvals += approvals
        self.committed += committed


@dataclass
class Fairness:
    workshop: Workshop
    by: dict[str, list[Row]] = field(default_factory=dict)
    total: Row = field(default_factory=lambda: Row("", ""))
    funds: Decimal = ZERO
    travel_line: Decimal | None = None
    committed_travel: Decimal = ZERO
    committed_all: Decimal = ZERO
    free_for_travel: Decimal = ZERO
    seats: int = 0
    seats_taken: int = 0

    @property
    def seats_free(self) -> int:
        return max(self.seats - self.seats_taken, 0)


def _labels() -> dict[str, dict[str, str]]:
    """The rows of each breakdown, in the programme's order, with their label now."""
    not_given = gettext("Not given")
    return {
        "region": {**dict(MemberState.Region.choices), None: not_given},
        "income": {
            **{key: str(label) for key, label in MemberState.DacCategory.choices},
            None: not_given,
        },
        "gender": {**dict(DelegateProfile.Gender.choices), None: not_given},
    }


def _grouped(workshop: Workshop) -> list[dict]:
    """One row per (region, DAC category, gender) with its requests, approvals and money."""
    return list(
        Sponsorship.objects.filter(workshop=workshop)
        .values(*DIMENSIONS.values())
        .annotate(
            requests=Count("pk"),
            approvals=Count("pk", filter=Q(status__in=Sponsorship.SEAT_STATUSES)),
            committed=Sum("commitment__amount", filter=Q(commitment__released_at__isnull=True)),
        )
        .order_by()
    )


def workshop_fairness(workshop: Workshop) -> Fairness:
    labels = _labels()
    rows: dict[str, dict] = {name: {} for name in DIMENSIONS}
    result = Fairness(workshop=workshop)
    for group in _grouped(workshop):
        figures = (group["requests"], group["approvals"], group["committed"] or ZERO)
        result.total.add(*figures)
        for name, lookup in DIMENSIONS.items():
            key = group[lookup]
            if name == "gender" and key == "":
                key = None  # a gender left blank is not given
            if key not in rows[name]:
                label = labels[name].get(key, str(key))
                rows[name][key] = Row(key="-" if key is None else key, label=str(label))
            rows[name][key].add(*figures)
    order = {name: list(labels[name]) for name in DIMENSIONS}
    result.by = {
        name: sorted(found.values(), key=lambda row, n=name: _position(order[n], row.key))
        for name, found in rows.items()
    }
    _what_remains(result)
    return result


def _position(order: list, key: str) -> int:
    for index, candidate in enumerate(order):
        if ("-" if candidate is None else candidate) == key:
            return index
    return len(order)


def _what_remains(result: Fairness) -> None:
    workshop = result.workshop
    result.funds = coverage.workshop_coverage(workshop).funds
    result.travel_line = (
        BudgetLine.objects.filter(budget__workshop=workshop, category=Category.PARTICIPANT_TRAVEL)
        .values_list("amount", flat=True)
        .first()
    )
    by_category = commitments_selectors.committed_by_category(workshop)
    result.committed_travel = by_category.get(Category.PARTICIPANT_TRAVEL, ZERO)
    result.committed_all = sum(by_category.values(), ZERO)
    line_left = (result.travel_line or ZERO) - result.committed_travel
    funds_left = result.funds - result.committed_all
    result.free_for_travel = max(min(line_left, funds_left), ZERO)
    result.seats = workshop.sponsored_seats
    result.seats_taken = result.total.approvals


def fairness_workshops():
    """The workshops that have sponsored seats or requests, latest first, for the index."""
    return (
        Workshop.objects.filter(Q(sponsored_seats__gt=0) | Q(sponsorships__isnull=False))
        .distinct()
        .select_related("programme")
        .order_by("-start_date")
    )


def rows_by_key(rows: list[Row]) -> dict[str, Row]:
    return {row.key: row for row in rows}


__all__ = ["Fairness", "Row", "workshop_fairness", "fairness_workshops", "rows_by_key"]
