"""Hooks funding offers to the apps above it. funding never imports them (DESIGN.md): an app
registers from its AppConfig.ready().

``register_sponsorship_counter(key, provide=...)``: the sponsored trips of a batch of
workshops, for the donor dashboard's "how many sponsored delegates from how many countries
your money paid for" (funding.selectors.sponsored). ``provide(workshop_ids)`` returns every
sponsored trip of those workshops as :class:`SponsoredTrip` (the workshop, the delegate's
country, the money committed for it), in a fixed number of queries whatever the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SponsoredTrip:
    workshop_id: int
    country: str  # ISO 3166 code of the state the delegate represents
    cost: Decimal  # USD committed for the trip and not released


_COUNTERS: dict[str, Callable[[Sequence[int]], Iterable[SponsoredTrip]]] = {}


def register_sponsorship_counter(
    key: str, *, provide: Callable[[Sequence[int]], Iterable[SponsoredTrip]]
) -> None:
    _COUNTERS[key] = provide


def has_sponsorship_counter() -> bool:
    return bool(_COUNTERS)


def sponsored_trips(workshop_ids: Sequence[int]) -> dict[int, list[SponsoredTrip]]:
    """Every registered counter's trips for the workshops, by workshop."""
    trips: dict[int, list[SponsoredTrip]] = {}
    if not workshop_ids:
        return trips
    for provide in _COUNTERS.values():
        for trip in provide(list(workshop_ids)):
            trips.setdefault(trip.workshop_id, []).append(trip)
    return trips
