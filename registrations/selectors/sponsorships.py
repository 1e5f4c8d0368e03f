"""Reads of travel sponsorship: whether a registration is eligible and every reason why not (the
one rule, asked by the request page, the admin and the approval service), the cost estimate,
the seats left, a delegate's own requests (someone else's is a 404) and the workshop page's
block.

Eligibility (DESIGN.md, "Sponsorship"): the delegate represents a member state; the state is
eligible (staff's override for this workshop, else the state's own override, else the OECD DAC
list); the delegate is based in the capital, not at the Permanent Mission; the state's focal
point endorsed the registration; the state has fewer approved sponsorships for the workshop
than its ``max_sponsored_per_state``. The registration itself must be active.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from idm_portal import prepared
from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import (
    Airfare,
    Sponsorship,
    SponsorshipEligibilityOverride,
    SponsorshipSettings,
)
from workshops.models import MemberState, Workshop

CENT = Decimal("0.01")
Status = Sponsorship.Status

SPONSORSHIP_RELATED = (
    "registration__delegate__member_state",
    "registration__delegate__user",
    "workshop",
    "commitment",
)


# --- eligibility ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why not: a code tests and pages can tell apart, and the sentence the delegate reads.
    ``final``: asking cannot help (the state, the capital); otherwise it may change (the
    focal point's endorsement, a seat of the state freed)."""

    code: str
    message: str
    final: bool = False


@dataclass(frozen=True)
class Eligibility:
    reasons: list[Reason] = field(default_factory=list)

    @property
    def is_eligible(self) -> bool:
        return not self.reasons

    @property
    def may_request(self) -> bool:
        return not any(reason.final for reason in self.reasons)

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    def __bool__(self) -> bool:
        return self.is_eligible


def settings_for(workshop: Workshop) -> SponsorshipSettings | None:
    try:
        return workshop.sponsorship_settings
    except SponsorshipSettings.DoesNotExist:
        return None


def max_per_state(workshop: Workshop) -> int:
    found = settings_for(workshop)
    return found.max_sponsored_per_state if found else 1


def state_is_eligible(workshop: Workshop, state: MemberState) -> tuple[bool, str]:
    """Staff's override for this workshop, else the state's own, else the DAC list; with the
    override's reason."""
    override = SponsorshipEligibilityOverride.objects.filter(
        workshop=workshop, member_state=state
    ).first()
    if override is not None:
        return override.eligible, override.reason
    return state.is_sponsorship_eligible, ""


def was_endorsed(registration: Registration) -> bool:
    """Endorsed by the focal point: endorsed now, or endorsed before it was confirmed or
    waitlisted (the audit history keeps each status it had)."""
    RStatus = Registration.Status
    if registration.status == RStatus.ENDORSED:
        return True
    if registration.status in (RStatus.SUBMITTED, *Registration.INACTIVE_STATUSES):
        return False
    return Registration.history.filter(id=registration.pk, status=RStatus.ENDORSED).exists()


def approved_for_state(workshop: Workshop, state_id: int, *, exclude_pk=None) -> int:
    queryset = Sponsorship.objects.filter(
        workshop=workshop,
        status__in=Sponsorship.SEAT_STATUSES,
        registration__delegate__member_state_id=state_id,
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.count()


def eligibility(registration: Registration) -> Eligibility:
    """Yes, or every reason why not. At most five queries, whatever the data."""
    workshop = registration.workshop
    delegate = registration.delegate
    reasons: list[Reason] = []
    if not registration.is_active:
        reasons.append(
            Reason(
                "registration_inactive",
                gettext("The registration is %(status)s.")
                % {"status": registration.get_status_display().lower()},
                final=True,
            )
        )
    if workshop.has_started:
        # The trip is over or under way: nothing is left to book.
        reasons.append(
            Reason(
                "workshop_started",
                gettext(
                    "“%(workshop)s” started on %(date)s: travel sponsorship can no longer be "
                    "asked for or granted."
                )
                % {"workshop": workshop.title, "date": date_format(workshop.start_date)},
                final=True,
            )
        )
    if workshop.sponsored_seats == 0 or settings_for(workshop) is None:
        reasons.append(
            Reason("no_sponsorship", gettext("This workshop offers no travel sponsorship."), True)
        )
    state = delegate.member_state
    if delegate.participant_type != DelegateProfile.ParticipantType.MEMBER_STATE or state is None:
        reasons.append(
            Reason(
                "not_member_state",
                gettext("Travel sponsorship is for the delegates of member states."),
                final=True,
            )
        )
    else:
        eligible, override_reason = state_is_eligible(workshop, state)
        if not eligible:
            message = gettext(
                "%(state)s is not on the list of states eligible for travel sponsorship "
                "(the OECD DAC list of ODA recipients)."
            ) % {"state": state}
            if override_reason:
                message = f"{message} {override_reason}"
            reasons.append(Reason("state_not_eligible", message, final=True))
    if delegate.based_in != DelegateProfile.BasedIn.CAPITAL:
        reasons.append(
            Reason(
                "not_in_capital",
                gettext(
                    "Travel sponsorship is for officials travelling from their capital; your "
                    "profile says you are based at the Permanent Mission."
                ),
                final=True,
            )
        )
    if not was_endorsed(registration):
        reasons.append(
            Reason(
                "not_endorsed",
                gettext("Your state's focal point has not endorsed the registration yet."),
            )
        )
    if state is not None:
        own = getattr(registration, "sponsorship", None) if registration.pk else None
        most = max_per_state(workshop)
        approved = approved_for_state(workshop, state.pk, exclude_pk=own.pk if own else None)
        if approved >= most:
            reasons.append(
                Reason(
                    "state_quota_full",
                    ngettext(
                        "%(state)s already has %(count)d approved sponsorship for this "
                        "workshop, the most per state.",
                        "%(state)s already has %(count)d approved sponsorships for this "
                        "workshop, the most per state.",
                        approved,
                    )
                    % {"state": state, "count": approved},
                )
            )
    return Eligibility(reasons)


# --- the cost -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """The cost of a trip, in USD: fare + DSA rate × nights + terminal expenses."""

    fare: Decimal
    dsa_rate: Decimal
    nights: int
    terminal_expenses: Decimal

    @property
    def dsa_amount(self) -> Decimal:
        return (self.dsa_rate * self.nights).quantize(CENT, rounding=ROUND_HALF_EVEN)

    @property
    def total(self) -> Decimal:
        return (self.fare + self.dsa_amount + self.terminal_expenses).quantize(
            CENT, rounding=ROUND_HALF_EVEN
        )


def workshop_days(workshop: Workshop) -> int:
    return (workshop.end_date - workshop.start_date).days + 1


def nights_window(workshop: Workshop, found: SponsorshipSettings) -> tuple[int, int]:
    """The nights a sponsorship may pay: at least one, at most the workshop's days plus the
    travel days."""
    return 1, workshop_days(workshop) + found.travel_days


def check_nights(workshop: Workshop, found: SponsorshipSettings, nights) -> int:
    low, high = nights_window(workshop, found)
    if nights is None or not low <= nights <= high:
        raise RegistrationError(
            gettext(
                "Between %(low)d and %(high)d nights: the workshop's %(days)d days and "
                "%(travel)d travel days."
            )
            % {
                "low": low,
                "high": high,
                "days": workshop_days(workshop),
                "travel": found.travel_days,
            },
            field="nights",
        )
    return nights


def fare_for(found: SponsorshipSettings, *, city: str, region: str) -> Decimal | None:
    """The city's own fare, else its region's, else None."""
    fares = list(found.airfares.all())
    wanted = city.strip().casefold()
    for fare in fares:
        if fare.city and fare.city.casefold() == wanted:
            return fare.amount
    for fare in fares:
        if not fare.city and fare.region == region:
            return fare.amount
    return None


def estimate(
    workshop: Workshop, *, city: str, region: str, nights=None, fare: Decimal | None = None
) -> Estimate:
    """The estimate from the workshop's figures; `fare` (staff's actual fare) replaces the
    looked-up one, `nights` the full window. Refuses at the field a missing DSA rate, a fare
    that is missing, zero or negative, nights outside the window."""
    found = settings_for(workshop)
    if found is None:
        raise RegistrationError(gettext("This workshop offers no travel sponsorship."))
    if found.dsa_rate is None or found.dsa_rate <= 0:
        raise RegistrationError(
            gettext("No DSA rate is set for this workshop yet: costs cannot be estimated."),
            field="dsa_rate",
        )
    if fare is None:
        fare = fare_for(found, city=city, region=region)
        if fare is None:
            raise RegistrationError(
                gettext(
                    "No fare is set yet for departures from %(city)s: the secretariat will add "
                    "it; try again later or write to them."
                )
                % {"city": city},
                field="departure_city",
            )
    if fare <= 0:
        raise RegistrationError(gettext("Enter a fare greater than zero."), field="actual_fare")
    if nights is None:
        nights = nights_window(workshop, found)[1]
    check_nights(workshop, found, nights)
    return Estimate(
        fare=fare,
        dsa_rate=found.dsa_rate,
        nights=nights,
        terminal_expenses=found.terminal_expenses,
    )


# --- seats and lists ------------------------------------------------------------------------


def seats_taken(workshop: Workshop) -> int:
    return Sponsorship.objects.filter(
        workshop=workshop, status__in=Sponsorship.SEAT_STATUSES
    ).count()


def seats_left(workshop: Workshop) -> int:
    return max(workshop.sponsored_seats - seats_taken(workshop), 0)


def sponsorships_with_related() -> QuerySet[Sponsorship]:
    return Sponsorship.objects.select_related(*SPONSORSHIP_RELATED)


def sponsorship_of(user, pk: int) -> Sponsorship:
    """One of the delegate's own requests, or 404."""
    return get_object_or_404(
        sponsorships_with_related().filter(registration__delegate__user=user), pk=pk
    )


def waitlist_for(workshop: Workshop) -> QuerySet[Sponsorship]:
    """Waitlisted requests in the order a freed seat is offered: time on the list."""
    return (
        sponsorships_with_related()
        .filter(workshop=workshop, status=Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
    )


# The sponsored seats taken at a workshop, compiled once per process (idm_portal.prepared):
# no row when none is taken.
_SEATS_TAKEN = prepared.PreparedRead(
    lambda workshop: (
        Sponsorship.objects.filter(workshop=workshop, status__in=Sponsorship.SEAT_STATUSES)
        .order_by()
        .values("workshop")
        .annotate(taken=Count("pk"))
        .values_list("taken", flat=True)
    ),
    workshop=int,
)


def workshop_block(workshop: Workshop) -> dict:
    """The workshop page's figures: the seats offered and left, in one query."""
    taken = next(iter(_SEATS_TAKEN.all(workshop=workshop.pk)), 0)
    return {
        "seats": workshop.sponsored_seats,
        "seats_left": max(workshop.sponsored_seats - taken, 0),
    }


def delegate_action(user, workshop: Workshop) -> dict:
    """What the workshop page offers the reader: follow their request, ask for one (with their
    active registration), register first, or nothing once the workshop has started ("closed").
    One query for a signed-in reader, none else."""
    if not getattr(user, "is_authenticated", False):
        return {"kind": "closed" if workshop.has_started else "sign_in"}
    registration = (
        Registration.objects.select_related("sponsorship")
        .filter(delegate__user=user, workshop=workshop)
        .exclude(status__in=Registration.INACTIVE_STATUSES)
        .first()
    )
    found = getattr(registration, "sponsorship", None) if registration is not None else None
    if found is not None:
        return {"kind": "follow", "sponsorship": found}
    if workshop.has_started:
        return {"kind": "closed"}
    if registration is None:
        return {"kind": "register"}
    return {"kind": "ask", "registration": registration}


def fares_of(found: SponsorshipSettings) -> QuerySet[Airfare]:
    return found.airfares.all()
