"""Travel sponsorship's trips for the donor dashboard (funding.hooks.register_sponsorship_counter),
registered from RegistrationsConfig.ready(): each sponsorship that holds a seat with money
committed for it and not released, with the country of the state its delegate represents."""

from __future__ import annotations

from collections.abc import Sequence

from funding import hooks
from registrations.models.sponsorships import Sponsorship

STATE_COUNTRY = "registration__delegate__member_state__country"


def sponsored_trips(workshop_ids: Sequence[int]) -> list[hooks.SponsoredTrip]:
    """One query for the whole batch."""
    rows = Sponsorship.objects.filter(
        workshop_id__in=workshop_ids,
        status__in=Sponsorship.SEAT_STATUSES,
        commitment__isnull=False,
        commitment__released_at__isnull=True,
    ).values_list(
        "workshop_id", "registration__delegate__member_state__country", "commitment__amount"
    )
    return [
        hooks.SponsoredTrip(workshop_id=workshop_id, country=str(country or ""), cost=amount)
        for workshop_id, country, amount in rows
    ]


def register() -> None:
    hooks.register_sponsorship_counter("registrations", provide=sponsored_trips)
