"""How many sponsored delegates, from how many countries, a donor's money paid for, in one
programme (the donor dashboard). The trips come from the apps that sponsor travel through
funding.hooks.register_sponsorship_counter (one query for every workshop of a page).

The attribution rule, per workshop: its sponsored trips cost C (the money committed for them
and not released) and are paid first by the money earmarked to the workshop (E, its earmarked
funds), then by its share of the programme's unearmarked money (S): paid by earmarked money
P_E = min(C, E), by unearmarked money P_U = min(C − P_E, S). A donor's part of P_E is its own
earmarked funds at the workshop ÷ E; its part of P_U is its portion of the programme's
unearmarked funds (its unearmarked funds ÷ all unearmarked funds, as coverage shares them). So
the donor paid D = P_E × e ÷ E + P_U × portion, and paid for D ÷ C of each of the workshop's
trips: its delegates at the workshop are n × D ÷ C (n trips), a fraction when several donors
share them. The dashboard shows the sum over workshops to one decimal, and the countries whose
delegates its money paid for in whole or in part: those of every trip at a workshop where
D > 0. Money beyond the trips' cost pays for other things (the venue, the documents): it adds
no delegate. Only committed and paid money counts, as everywhere in funding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from funding import hooks
from funding.money import ZERO

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class WorkshopSponsored:
    workshop_id: int
    trips: int
    paid: Decimal  # USD of the trips' cost the donor's money paid
    delegates: Decimal  # trips × paid ÷ cost, unrounded


@dataclass(frozen=True)
class SponsoredDelegates:
    delegates: Decimal  # to one decimal
    countries: int
    paid: Decimal
    workshops: list[WorkshopSponsored] = field(default_factory=list)
    template_name: str = "funding/includes/sponsored_delegates.html"

    @property
    def whole_delegates(self) -> int:
        return int(self.delegates)

    @property
    def is_whole(self) -> bool:
        return self.delegates == self.delegates.to_integral_value()


def attribute(
    *,
    rows,
    own_earmarked: dict[int, Decimal],
    portion: Decimal | None,
    trips: dict[int, list[hooks.SponsoredTrip]],
) -> SponsoredDelegates:
    """The rule of the module's docstring for one programme. `rows`: the programme's
    WorkshopRow (coverage per workshop); `own_earmarked`: the donor's earmarked funds per
    workshop id; `portion`: its part of the unearmarked funds (None: none)."""
    total = ZERO
    paid_total = ZERO
    countries: set[str] = set()
    found = []
    for row in rows:
        workshop_trips = trips.get(row.workshop.pk, [])
        cost = sum((trip.cost for trip in workshop_trips), ZERO)
        if not workshop_trips or cost <= 0:
            continue
        earmarked = row.coverage.earmarked.funds
        share = row.coverage.share.funds
        by_earmarked = min(cost, earmarked)
        by_unearmarked = min(cost - by_earmarked, share)
        paid = ZERO
        own = own_earmarked.get(row.workshop.pk, ZERO)
        if earmarked > 0 and own > 0:
            paid += by_earmarked * own / earmarked
        if portion:
            paid += by_unearmarked * portion
        if paid <= 0:
            continue
        delegates = len(workshop_trips) * paid / cost
        total += delegates
        paid_total += paid
        countries.update(trip.country for trip in workshop_trips)
        found.append(WorkshopSponsored(row.workshop.pk, len(workshop_trips), paid, delegates))
    return SponsoredDelegates(
        delegates=total.quantize(TENTH, rounding=ROUND_HALF_EVEN),
        countries=len(countries),
        paid=paid_total.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN),
        workshops=found,
    )
