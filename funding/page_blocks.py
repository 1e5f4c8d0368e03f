"""What funding shows on the programme's public pages, through workshops.hooks: each
workshop's coverage as a bar with its figures and what its gap means in people, and a link
from the programme page to the public funding summary."""

from __future__ import annotations

import math
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from funding import charts
from funding import hooks as funding_hooks
from funding.models.budgets import BudgetLine, Category
from funding.selectors import coverage
from workshops import hooks


def average_trip_costs(workshop_ids) -> dict[int, Decimal]:
    """{workshop pk: the average cost of the trips sponsored there so far} (money committed
    and not released, through funding.hooks' sponsorship counter; one query for the batch)."""
    averages = {}
    for pk, trips in funding_hooks.sponsored_trips(list(workshop_ids)).items():
        costs = [trip.cost for trip in trips if trip.cost > 0]
        if costs:
            averages[pk] = sum(costs, Decimal("0")) / len(costs)
    return averages


def sponsored_trip_cost(workshop, travel_line: Decimal | None) -> Decimal | None:
    """What one sponsored delegate's trip costs, to turn a gap into people: the average of
    the trips sponsored at this workshop so far (kept with the badge's figures, or asked);
    before any, the budget's travel line ÷ the workshop's sponsored seats. None when neither
    can be known."""
    if hasattr(workshop, "_funding_trip_average"):
        average = workshop._funding_trip_average
    else:
        average = average_trip_costs([workshop.pk]).get(workshop.pk)
    if average:
        return average
    if not travel_line or not workshop.sponsored_seats:
        return None
    return travel_line / workshop.sponsored_seats


def people_in_gap(gap: Decimal, trip_cost: Decimal | None) -> int | None:
    """How many sponsored delegates the missing money would bring (rounded up: a delegate
    whose trip is only partly funded does not travel)."""
    if trip_cost is None or trip_cost <= 0:
        return None
    return math.ceil(gap / trip_cost)


def funding_bar(request, workshop) -> hooks.Block | None:
    """No query: the coverage and the travel line were read (or found kept) with the badge
    (funding.workshop_hooks.funding_states); one query for each when asked alone."""
    if getattr(workshop, "_funding_coverage", None) is None:
        workshop.is_subject_to_funding  # noqa: B018 - reads the badge's figures (the hook)
    figures = getattr(workshop, "_funding_coverage", None)
    if figures is None:
        figures = coverage.workshop_coverage(workshop)
    if not figures.has_budget:
        return None
    if hasattr(workshop, "_funding_travel_line"):
        travel = workshop._funding_travel_line
    else:
        travel = (
            BudgetLine.objects.filter(
                budget__workshop=workshop, category=Category.PARTICIPANT_TRAVEL
            )
            .values_list("amount", flat=True)
            .first()
        )
    trip_cost = sponsored_trip_cost(workshop, travel)
    return hooks.Block(
        "funding/includes/workshop_bar.html",
        {
            "coverage": figures,
            "bar": charts.workshop_bar(figures),
            "trip_cost": trip_cost,
            "people": people_in_gap(figures.gap, trip_cost) if figures.gap > 0 else 0,
        },
    )


def summary_link(programme) -> tuple[str, str]:
    return gettext("Funding of the programme"), reverse(
        "funding:summary", kwargs={"year": programme.year}
    )


def register() -> None:
    hooks.register_page_block("funding_bar", render=funding_bar, place=hooks.ABOUT, order=20)
    hooks.register_programme_link("funding", link=summary_link)
