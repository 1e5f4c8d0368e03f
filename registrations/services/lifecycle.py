"""Writes of a registration's lifecycle: its status changes (endorse, confirm, waitlist,
decline, cancel, withdraw, attendance), staff's corrections, the seats it holds and the
waitlist's offers of freed seats; `refusal` tells the pages beforehand what a change would
refuse.

Locks: every change takes the one row lock, on the workshop (registrations.services.common),
before it reads anything it decides on: seats, the state's cap, the waitlist. Refuses a change
that models.lifecycle.TRANSITIONS does not allow (InvalidTransition), a confirmation before the
delegation's note verbale is verified or waived (NoteVerbaleRequired), endorsing or ending a
registration once the workshop has started (TooLate), recording attendance before it
(TooEarly), and anyone but the delegate, staff or the state's focal point, as each change
says. The database backs up the seat limits (migrations/0013): its refusal waitlists too.
A registration that ends ends its travel sponsorship (services.sponsorships). Sends the
delegate the e-mail the change owes (confirmed, waitlisted, seat offered...), queued in the
outbox in the same transaction and sent after commit.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registrations.errors import (
    InvalidTransition,
    NoSeatOffer,
    NotAllowed,
    NoteVerbaleRequired,
    RegistrationError,
    SeatsFull,
    TooEarly,
    TooLate,
)
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import TRANSITIONS, Registration
from registrations.services import common, delegations, focal_points, sponsorships
from workshops.models import Workshop

Status = Registration.Status
Kind = RegistrationEmail.Kind

# How long a waitlisted delegate has to accept a freed seat.
OFFER_DAYS = getattr(settings, "REGISTRATIONS_SEAT_OFFER_DAYS", 3)

ACTION_NAMES = {
    "endorse": _("endorsed"),
    "confirm": _("confirmed"),
    "waitlist": _("waitlisted"),
    "decline": _("declined"),
    "cancel": _("cancelled"),
    "withdraw": _("withdrawn"),
    "accept_offer": _("confirmed from the waitlist"),
    "mark_attended": _("marked as attended"),
    "mark_no_show": _("marked as not attended"),
}


# --- status ---------------------------------------------------------------------------------


def _check_transition(registration: Registration, action: str) -> str:
    allowed_from, target = TRANSITIONS[action]
    if registration.status not in allowed_from:
        raise InvalidTransition(
            gettext("A registration that is %(status)s cannot be %(action)s.")
            % {
                "status": registration.get_status_display().lower(),
                "action": ACTION_NAMES[action],
            }
        )
    return target


def _check_not_started(workshop: Workshop) -> None:
    if workshop.has_started:
        raise TooLate(
            gettext("“%(workshop)s” started on %(date)s.")
            % {"workshop": workshop.title, "date": date_format(workshop.start_date)}
        )


# What closes at the workshop's start, besides the transitions themselves.
CLOSES_AT_START = ("endorse", "cancel", "withdraw")


def refusal(*, registration: Registration, action: str) -> str | None:
    """Why `action` cannot be done to this registration now, in the words the service would
    refuse it with, or None while it can. Pages ask it before they offer an action or show its
    form, so that they offer exactly what the services accept. Who may act is not asked here:
    the pages are already scoped to the delegate or the state's focal point."""
    try:
        _check_transition(registration, action)
        if action in CLOSES_AT_START:
            _check_not_started(registration.workshop)
    except RegistrationError as error:
        return str(error.message)
    return None


def _set_status(registration: Registration, status: str, *, reason: str = "") -> None:
    registration.status = status
    if (
        not delegations.may_be_head(registration)
        and registration.role == Registration.Role.HEAD_OF_DELEGATION
    ):
        # A head whose registration ends (cancelled, withdrawn, declined, offer lapsed) stops
        # being the head: the delegation has none until the focal point names another.
        registration.role = Registration.Role.DELEGATE
    if status == Status.WAITLISTED:
        registration.waitlisted_at = timezone.now()
    if status == Status.CONFIRMED and registration.confirmed_at is None:
        # confirm() and accept_offer(): the date the letter carries, kept when it is made again.
        registration.confirmed_at = timezone.now()
    if status != Status.WAITLISTED:
        registration.offer_expires_at = None
    if reason:
        registration.status_reason = reason


# --- seats ----------------------------------------------------------------------------------


def seats_taken(
    *, workshop_id: int, delegation_id: int | None = None, exclude_pk: int | None = None
) -> int:
    """Seats held at a workshop (or by one delegation): confirmed or attended registrations,
    plus seats held for a waitlisted delegate whose offer has not expired."""
    held = Q(status__in=Registration.SEAT_STATUSES) | Q(
        status=Status.WAITLISTED, offer_expires_at__gt=timezone.now()
    )
    queryset = Registration.objects.filter(held, workshop_id=workshop_id)
    if delegation_id is not None:
        queryset = queryset.filter(delegation_id=delegation_id)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.count()


# The database's own seat limits (migrations/0013), for rows written past _has_room.
SEAT_LIMITS = dict.fromkeys(
    ("registration_seats_within_capacity", "registration_seats_within_state_cap"), SeatsFull
)


def _has_room(workshop: Workshop, registration: Registration) -> bool:
    if seats_taken(workshop_id=workshop.pk, exclude_pk=registration.pk) >= workshop.capacity:
        return False
    delegation = registration.delegation
    if delegation is not None and delegation.cap is not None:
        taken = seats_taken(
            workshop_id=workshop.pk, delegation_id=delegation.pk, exclude_pk=registration.pk
        )
        if taken >= delegation.cap:
            return False
    return True


def _offer_free_seats(workshop: Workshop) -> list[Registration]:
    """Hold each free seat for the next waitlisted delegate who could take it (priority,
    then time on the list), with a deadline to accept. Called under the workshop's lock."""
    free = workshop.capacity - seats_taken(workshop_id=workshop.pk)
    offered: list[Registration] = []
    if free <= 0:
        return offered
    waitlist = (
        Registration.objects.filter(
            workshop=workshop, status=Status.WAITLISTED, offer_expires_at__isnull=True
        )
        .select_related("delegation")
        .order_by("-waitlist_priority", "waitlisted_at", "pk")
    )
    for candidate in waitlist:
        if free <= 0:
            break
        if candidate.delegation is not None and not candidate.delegation.is_cleared:
            continue  # could not be confirmed anyway: offer the seat to the next one
        if not _has_room(workshop, candidate):
            continue  # its state's cap is full
        candidate.offer_expires_at = timezone.now() + datetime.timedelta(days=OFFER_DAYS)
        common.save_checked(candidate)
        common.email_delegate(candidate, Kind.SEAT_OFFERED)
        offered.append(candidate)
        free -= 1
    return offered


# --- the focal point's changes --------------------------------------------------------------


@transaction.atomic
def endorse(*, registration: Registration, by) -> Registration:
    """The focal point of the delegate's state endorses the registration, before the workshop
    starts (as the delegate's own registration closes by then); staff may still confirm."""
    workshop = common.lock_registration(registration)
    focal_points.require_focal_point(by, registration.delegation)
    target = _check_transition(registration, "endorse")
    _check_not_started(workshop)
    _set_status(registration, target)
    common.save_checked(registration, by=by)
    common.email_delegate(registration, Kind.ENDORSED)
    return registration


@transaction.atomic
def withdraw(*, registration: Registration, by, reason: str = "") -> Registration:
    """The focal point withdraws a delegate from the state's delegation. Like a cancellation,
    a confirmed seat it frees is offered to the waitlist."""
    workshop = common.lock_registration(registration)
    focal_points.require_focal_point(by, registration.delegation)
    return _end_registration(registration, workshop, action="withdraw", by=by, reason=reason)


# --- staff's changes ------------------------------------------------------------------------


@transaction.atomic
def change_registration(
    *, registration: Registration, by, role: str, status_reason: str, waitlist_priority: int
) -> Registration:
    """Staff correct a registration's role (delegate, adviser, speaker...), the reason shown
    with its status, or its waitlist priority (the registration's page in the admin). The head
    of delegation is not such a change: it is named with set_head_of_delegation, and a head
    stays one until another is named or the registration ends."""
    if not common.is_staff(by):
        raise NotAllowed()
    common.lock_registration(registration)
    head = Registration.Role.HEAD_OF_DELEGATION
    if role != registration.role and head in (role, registration.role):
        raise RegistrationError(
            gettext(
                "The head of delegation is named on the delegation (the focal point's board, "
                "or the action “Make head of delegation”), not by changing the role."
            ),
            field="role",
        )
    registration.role = role
    registration.status_reason = status_reason
    registration.waitlist_priority = waitlist_priority
    common.save_checked(registration, by=by)
    return registration


@transaction.atomic
def confirm(*, registration: Registration, by=None) -> Registration:
    """Confirm a registration if a seat is free at the workshop and within the state's cap;
    otherwise put it on the waitlist. Check `registration.status` for the outcome. A member
    state's delegate is confirmed only once the delegation's note verbale is verified or
    waived; observers, organisations and IOM have no delegation and need none."""
    workshop = common.lock_registration(registration)
    target = _check_transition(registration, "confirm")
    delegation = registration.delegation
    if delegation is not None and not delegation.is_cleared:
        raise NoteVerbaleRequired()
    if _has_room(workshop, registration):
        _set_status(registration, target)
        try:
            common.save_within_limits(registration, by=by, refusals=SEAT_LIMITS)
        except SeatsFull:  # the database counted no seat left: waitlisted, as when full
            registration.refresh_from_db()
        else:
            common.email_delegate(registration, Kind.CONFIRMED)
            return registration
    if registration.status != Status.WAITLISTED:
        _set_status(registration, Status.WAITLISTED)
        common.save_checked(registration, by=by)
        common.email_delegate(registration, Kind.WAITLISTED)
    return registration


@transaction.atomic
def waitlist(*, registration: Registration, by=None) -> Registration:
    common.lock_registration(registration)
    target = _check_transition(registration, "waitlist")
    _set_status(registration, target)
    common.save_checked(registration, by=by)
    common.email_delegate(registration, Kind.WAITLISTED)
    return registration


@transaction.atomic
def decline(*, registration: Registration, by=None, reason: str = "") -> Registration:
    workshop = common.lock_registration(registration)
    held_offer = registration.has_seat_offer
    target = _check_transition(registration, "decline")
    _set_status(registration, target, reason=reason)
    common.save_checked(registration, by=by)
    common.email_delegate(registration, Kind.DECLINED)
    sponsorships.registration_ended(registration=registration, workshop=workshop, by=by)
    if held_offer:
        _offer_free_seats(workshop)
    return registration


@transaction.atomic
def cancel(*, registration: Registration, by, reason: str = "") -> Registration:
    """The delegate or staff cancel a registration, at any time before the workshop starts."""
    workshop = common.lock_registration(registration)
    if not (common.is_staff(by) or by.pk == registration.delegate.user_id):
        raise NotAllowed()
    return _end_registration(registration, workshop, action="cancel", by=by, reason=reason)


def _end_registration(
    registration: Registration, workshop: Workshop, *, action: str, by, reason: str
) -> Registration:
    """Cancel or withdraw, before the workshop starts; a seat it frees goes to the waitlist."""
    target = _check_transition(registration, action)
    _check_not_started(workshop)
    frees_a_seat = registration.status == Status.CONFIRMED or registration.has_seat_offer
    _set_status(registration, target, reason=reason)
    common.save_checked(registration, by=by)
    common.email_delegate(registration, Kind.CANCELLED)
    sponsorships.registration_ended(registration=registration, workshop=workshop, by=by)
    if frees_a_seat:
        _offer_free_seats(workshop)
    return registration


# --- the waitlist's offers ------------------------------------------------------------------


@transaction.atomic
def accept_offer(*, registration: Registration, by) -> Registration:
    """A waitlisted delegate takes the seat held for them before the deadline."""
    common.lock_registration(registration)
    if by.pk != registration.delegate.user_id:
        raise NotAllowed()
    allowed_from, target = TRANSITIONS["accept_offer"]
    offer_open = (
        registration.offer_expires_at is not None and registration.offer_expires_at > timezone.now()
    )
    if registration.status not in allowed_from or not offer_open:
        raise NoSeatOffer()
    delegation = registration.delegation
    if delegation is not None and not delegation.is_cleared:
        raise NoteVerbaleRequired()
    _set_status(registration, target)
    common.save_within_limits(registration, by=by, refusals=SEAT_LIMITS)
    common.email_delegate(registration, Kind.CONFIRMED)
    return registration


def expire_offers() -> int:
    """Periodic sweep: a seat offer whose deadline passed lapses (the registration is
    declined and told so) and the seat goes to the next on the waitlist. Returns how many
    offers lapsed."""
    now = timezone.now()
    workshop_ids = set(
        Registration.objects.filter(
            status=Status.WAITLISTED, offer_expires_at__lte=now
        ).values_list("workshop_id", flat=True)
    )
    lapsed_count = 0
    for workshop_id in sorted(workshop_ids):
        with transaction.atomic():
            workshop = common.lock_workshop(workshop_id)
            lapsed = Registration.objects.filter(
                workshop=workshop, status=Status.WAITLISTED, offer_expires_at__lte=now
            )
            for registration in lapsed:
                _set_status(registration, Status.DECLINED)
                common.save_checked(registration)
                common.email_delegate(registration, Kind.OFFER_LAPSED)
                sponsorships.registration_ended(registration=registration, workshop=workshop)
                lapsed_count += 1
            _offer_free_seats(workshop)
    return lapsed_count


# --- attendance -----------------------------------------------------------------------------


def _record_attendance(registration: Registration, action: str, *, by) -> Registration:
    workshop = common.lock_registration(registration)
    target = _check_transition(registration, action)
    if not workshop.has_started:
        raise TooEarly()
    _set_status(registration, target)
    common.save_checked(registration, by=by)
    return registration


@transaction.atomic
def mark_attended(*, registration: Registration, by=None) -> Registration:
    return _record_attendance(registration, "mark_attended", by=by)


@transaction.atomic
def mark_no_show(*, registration: Registration, by=None) -> Registration:
    return _record_attendance(registration, "mark_no_show", by=by)
