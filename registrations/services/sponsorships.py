"""Writes of travel sponsorship: a delegate's request, staff's decisions (approve, waitlist,
decline), its cancellation, and what follows an approval (ticket issued, travelled, settled, or
a no-show).

Locks: the workshop's row (registrations.services.common.lock_workshop), taken first, before
anything is read; funding.services.commitments takes the same row again in the same
transaction, so there is one lock, always taken in one order. Refuses a request the eligibility
rule rules out for good, a status change the table below does not allow (InvalidTransition),
an approval whose delegate is not eligible (NotEligible, every reason), when the sponsored seats
are taken (SponsoredSeatsFull) or the funds do not allow it (funding's refusal, in its words);
the database backs up the seats and the per-state most (migrations/0013) with the same words.
Money only through funding.services.commitments: approval commits the cost, a ticket re-commits
the actual cost, a decline or cancellation releases it and offers the seat to the first
waitlisted request that passes every rule. Sends the delegate an e-mail on each decision, in
their language, queued in the outbox in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from funding.errors import FundingError
from funding.models.budgets import Category
from funding.services import commitments
from idm_portal.queue import outbox
from registrations import sponsorship_emails
from registrations.errors import (
    InvalidTransition,
    NotAllowed,
    NotEligible,
    RegistrationError,
    SponsoredSeatsFull,
)
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import sponsorships as selectors
from registrations.services import common
from workshops.models import Workshop

Status = Sponsorship.Status

# action -> statuses it may start from, and the status it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({Status.REQUESTED, Status.WAITLISTED}), Status.APPROVED),
    "waitlist": (frozenset({Status.REQUESTED}), Status.WAITLISTED),
    "decline": (frozenset({Status.REQUESTED, Status.WAITLISTED, Status.APPROVED}), Status.DECLINED),
    "cancel": (
        frozenset({Status.REQUESTED, Status.WAITLISTED, Status.APPROVED, Status.TICKET_ISSUED}),
        Status.CANCELLED,
    ),
    "issue_ticket": (frozenset({Status.APPROVED, Status.TICKET_ISSUED}), Status.TICKET_ISSUED),
    "mark_travelled": (frozenset({Status.TICKET_ISSUED}), Status.TRAVELLED),
    "settle": (frozenset({Status.TRAVELLED, Status.SETTLED}), Status.SETTLED),
    "mark_no_show": (frozenset({Status.APPROVED, Status.TICKET_ISSUED}), Status.NO_SHOW),
}


def _check_transition(sponsorship: Sponsorship, action: str) -> str:
    allowed_from, target = TRANSITIONS[action]
    if sponsorship.status not in allowed_from:
        raise InvalidTransition(
            gettext("A sponsorship that is %(status)s cannot be changed this way.")
            % {"status": sponsorship.get_status_display().lower()}
        )
    return target


def _lock(sponsorship: Sponsorship) -> tuple[Workshop, Sponsorship]:
    """The workshop's lock, then the sponsorship and its registration read again under it."""
    workshop = common.lock_workshop(sponsorship.workshop_id)
    fresh = selectors.sponsorships_with_related().get(pk=sponsorship.pk)
    fresh.workshop = workshop
    fresh.registration.workshop = workshop
    return workshop, fresh


def _save(sponsorship: Sponsorship, *, by=None) -> None:
    common.save_checked(
        sponsorship, by=by, loaded=("registration", "workshop", "commitment", "decided_by")
    )


def _email(sponsorship: Sponsorship, kind: str) -> None:
    rendered = sponsorship_emails.render(sponsorship, kind=kind)
    outbox.queue_email(**rendered.queue_fields())


def _decided(sponsorship: Sponsorship, target: str, *, by, reason: str | None = None) -> None:
    sponsorship.status = target
    sponsorship.decided_at = timezone.now()
    sponsorship.decided_by = by if getattr(by, "pk", None) else None
    if reason is not None:
        sponsorship.decision_reason = reason
    if target == Status.WAITLISTED:
        sponsorship.waitlisted_at = timezone.now()


def _cost(sponsorship: Sponsorship) -> Decimal:
    return selectors.Estimate(
        fare=sponsorship.fare,
        dsa_rate=sponsorship.dsa_rate,
        nights=sponsorship.nights,
        terminal_expenses=sponsorship.terminal_expenses,
    ).total


def _commit(workshop: Workshop, sponsorship: Sponsorship, amount: Decimal):
    try:
        return commitments.commit_funds(
            workshop=workshop,
            category=Category.PARTICIPANT_TRAVEL,
            amount=amount,
            reference=f"Sponsorship {sponsorship.pk}: {sponsorship.registration.delegate}",
        )
    except FundingError as error:
        raise RegistrationError(error.message) from error


def _release(sponsorship: Sponsorship) -> None:
    if sponsorship.commitment is not None and sponsorship.commitment.is_active:
        commitments.release_funds(commitment=sponsorship.commitment)


# --- the delegate's request -----------------------------------------------------------------


@transaction.atomic
def request_sponsorship(
    *, registration: Registration, by, departure_city: str, expertise: str, needs: str = ""
) -> Sponsorship:
    """The delegate asks for sponsorship to the workshop of their registration, once."""
    workshop = common.lock_registration(registration)
    if by is None or by.pk != registration.delegate.user_id:
        raise NotAllowed()
    if Sponsorship.objects.filter(registration=registration).exists():
        raise RegistrationError(gettext("You have already asked for sponsorship."))
    verdict = selectors.eligibility(registration)
    if not verdict.may_request:
        raise NotEligible(" ".join(r.message for r in verdict.reasons if r.final))
    state = registration.delegate.member_state
    city = departure_city.strip()
    if not city:
        raise RegistrationError(gettext("Give your city of departure."), field="departure_city")
    cost = selectors.estimate(workshop, city=city, region=state.region)
    sponsorship = Sponsorship(
        registration=registration,
        workshop=workshop,
        departure_city=city,
        departure_region=state.region,
        expertise=expertise.strip(),
        needs=needs.strip(),
        estimated_fare=cost.fare,
        dsa_rate=cost.dsa_rate,
        nights=cost.nights,
        terminal_expenses=cost.terminal_expenses,
        estimated_cost=cost.total,
    )
    _save(sponsorship, by=by)
    return sponsorship


@transaction.atomic
def change_estimate(*, sponsorship: Sponsorship, by, nights: int, actual_fare=None) -> Sponsorship:
    """Staff correct the nights or set the actual fare of a request not yet approved; the
    estimate is computed again."""
    if not common.is_staff(by):
        raise NotAllowed()
    workshop, sponsorship = _lock(sponsorship)
    if not sponsorship.is_open:
        raise InvalidTransition(gettext("Once approved, the fare is set by issuing the ticket."))
    cost = selectors.estimate(
        workshop,
        city=sponsorship.departure_city,
        region=sponsorship.departure_region,
        nights=nights,
        fare=actual_fare if actual_fare is not None else sponsorship.estimated_fare,
    )
    sponsorship.nights = cost.nights
    sponsorship.actual_fare = actual_fare
    sponsorship.dsa_rate = cost.dsa_rate
    sponsorship.terminal_expenses = cost.terminal_expenses
    sponsorship.estimated_cost = cost.total
    _save(sponsorship, by=by)
    return sponsorship


# --- staff's decisions ----------------------------------------------------------------------


def _approve_locked(workshop: Workshop, sponsorship: Sponsorship, *, by) -> Sponsorship:
    """Every rule of an approval, checked under the workshop's lock; commits the cost."""
    target = _check_transition(sponsorship, "approve")
    registration = sponsorship.registration
    if not registration.is_active:
        raise NotEligible(
            gettext("The registration was %(status)s: it cannot be sponsored.")
            % {"status": registration.get_status_display().lower()}
        )
    verdict = selectors.eligibility(registration)
    if not verdict:
        raise NotEligible(" ".join(reason.message for reason in verdict.reasons))
    if selectors.seats_taken(workshop) >= workshop.sponsored_seats:
        raise _seats_full(workshop)
    cost = _cost(sponsorship)
    sponsorship.commitment = _commit(workshop, sponsorship, cost)
    sponsorship.estimated_cost = cost
    _decided(sponsorship, target, by=by, reason="")
    # The database backs up the seats and the per-state most (migrations/0013): its refusal
    # reads as the check's own (and the commitment goes with the caller's transaction).
    common.save_within_limits(
        sponsorship,
        by=by,
        loaded=("registration", "workshop", "commitment", "decided_by"),
        refusals={
            "sponsorship_seats_within_sponsored_seats": lambda: _seats_full(workshop),
            "sponsorship_per_state_within_max": lambda: _not_eligible(registration),
        },
    )
    _email(sponsorship, "approved")
    return sponsorship


def _seats_full(workshop: Workshop) -> SponsoredSeatsFull:
    return SponsoredSeatsFull(
        gettext("All %(seats)d sponsored seats of this workshop are taken.")
        % {"seats": workshop.sponsored_seats}
    )


def _not_eligible(registration: Registration) -> NotEligible:
    reasons = selectors.eligibility(registration).reasons
    return NotEligible(" ".join(reason.message for reason in reasons) or None)


@transaction.atomic
def approve(*, sponsorship: Sponsorship, by) -> Sponsorship:
    """Approve: eligible, a sponsored seat free and the cost within the funds, or nothing."""
    workshop, sponsorship = _lock(sponsorship)
    return _approve_locked(workshop, sponsorship, by=by)


@transaction.atomic
def waitlist(*, sponsorship: Sponsorship, by, reason: str = "") -> Sponsorship:
    _, sponsorship = _lock(sponsorship)
    target = _check_transition(sponsorship, "waitlist")
    _decided(sponsorship, target, by=by, reason=reason.strip())
    _save(sponsorship, by=by)
    _email(sponsorship, "waitlisted")
    return sponsorship


@transaction.atomic
def decline(*, sponsorship: Sponsorship, by, reason: str) -> Sponsorship:
    """Decline, with a reason the delegate reads; an approved one gives its money and seat
    back."""
    if not reason or not reason.strip():
        raise RegistrationError(
            gettext("Give the reason: the delegate reads it."), field="decision_reason"
        )
    workshop, sponsorship = _lock(sponsorship)
    return _end(workshop, sponsorship, action="decline", by=by, reason=reason.strip())


@transaction.atomic
def cancel(*, sponsorship: Sponsorship, by, reason: str = "") -> Sponsorship:
    """The delegate (their own, until the workshop starts) or staff cancel; the money and the
    seat go back. Once the workshop has started the trip is under way or over: only staff may
    end it, as travelled, a no-show or cancelled."""
    workshop, sponsorship = _lock(sponsorship)
    if not (common.is_staff(by) or by.pk == sponsorship.registration.delegate.user_id):
        raise NotAllowed()
    if workshop.has_started and not common.is_staff(by):
        raise RegistrationError(
            gettext(
                "The workshop has started: only the Secretariat can change your travel "
                "sponsorship now."
            )
        )
    return _end(workshop, sponsorship, action="cancel", by=by, reason=reason.strip())


def registration_ended(*, registration: Registration, workshop: Workshop, by=None) -> None:
    """A registration cancelled, withdrawn or declined ends its sponsorship. Called by
    registrations.services.lifecycle under the workshop's lock it already holds."""
    sponsorship = (
        selectors.sponsorships_with_related()
        .filter(registration=registration, status__in=TRANSITIONS["cancel"][0])
        .first()
    )
    if sponsorship is None:
        return
    sponsorship.workshop = workshop
    reason = gettext("The registration was %(status)s.") % {
        "status": registration.get_status_display().lower()
    }
    _end(workshop, sponsorship, action="cancel", by=by, reason=reason)


def _end(workshop: Workshop, sponsorship: Sponsorship, *, action: str, by, reason: str):
    target = _check_transition(sponsorship, action)
    held_seat = sponsorship.holds_seat
    _release(sponsorship)
    _decided(sponsorship, target, by=by, reason=reason)
    _save(sponsorship, by=by)
    _email(sponsorship, "declined" if action == "decline" else "cancelled")
    if held_seat:
        offer_freed_seat(workshop, by=by)
    return sponsorship


def offer_freed_seat(workshop: Workshop, *, by=None) -> Sponsorship | None:
    """Give a freed seat to the first waitlisted request that passes every rule (eligible, a
    seat, the funds); one that does not stays on the list. Under the workshop's lock."""
    for candidate in selectors.waitlist_for(workshop):
        candidate.workshop = workshop
        try:
            with transaction.atomic():
                return _approve_locked(workshop, candidate, by=by)
        except RegistrationError:
            continue
    return None


# --- afterwards -----------------------------------------------------------------------------


@transaction.atomic
def issue_ticket(*, sponsorship: Sponsorship, by, actual_fare: Decimal) -> Sponsorship:
    """The ticket is bought: its fare replaces the estimate, and the commitment follows (given
    back and committed again for the new cost, refused if the funds do not allow it)."""
    if actual_fare is None or actual_fare <= 0:
        raise RegistrationError(gettext("Enter a fare greater than zero."), field="actual_fare")
    workshop, sponsorship = _lock(sponsorship)
    target = _check_transition(sponsorship, "issue_ticket")
    sponsorship.actual_fare = actual_fare
    cost = _cost(sponsorship)
    _release(sponsorship)
    sponsorship.commitment = _commit(workshop, sponsorship, cost)
    sponsorship.estimated_cost = cost
    sponsorship.status = target
    _save(sponsorship, by=by)
    return sponsorship


@transaction.atomic
def mark_travelled(*, sponsorship: Sponsorship, by) -> Sponsorship:
    _, sponsorship = _lock(sponsorship)
    sponsorship.status = _check_transition(sponsorship, "mark_travelled")
    _save(sponsorship, by=by)
    return sponsorship


@transaction.atomic
def settle(*, sponsorship: Sponsorship, by, actual_cost: Decimal) -> Sponsorship:
    """Record what the trip cost in the end; the commitment becomes that amount."""
    if actual_cost is None or actual_cost <= 0:
        raise RegistrationError(gettext("Enter an amount greater than zero."), field="actual_cost")
    workshop, sponsorship = _lock(sponsorship)
    sponsorship.status = _check_transition(sponsorship, "settle")
    sponsorship.actual_cost = actual_cost
    _release(sponsorship)
    sponsorship.commitment = _commit(workshop, sponsorship, actual_cost)
    _save(sponsorship, by=by)
    return sponsorship


@transaction.atomic
def mark_no_show(*, sponsorship: Sponsorship, by) -> Sponsorship:
    """The delegate did not travel; what was spent stays committed until it is settled."""
    _, sponsorship = _lock(sponsorship)
    sponsorship.status = _check_transition(sponsorship, "mark_no_show")
    _save(sponsorship, by=by)
    return sponsorship
