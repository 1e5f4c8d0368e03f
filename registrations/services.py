"""Every write of registrations. Keyword-only arguments; each function owns its transaction,
calls full_clean() before saving, and refuses with a RegistrationError (registrations.errors)
that a view turns into a field error or a message. A ValidationError from full_clean() (a bad
field value) is left as it is: it already names its fields.

Status changes follow models.TRANSITIONS and take one row lock, on the workshop, before they
read anything they decide on: seats, the state's cap, the waitlist. E-mails are rendered in the
delegate's language and queued in the outbox (idm_portal.outbox) in the same transaction, with
a RegistrationEmail saying which one the change owed; the outbox sends them after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal import outbox
from registrations import emails, profile_services
from registrations.errors import (
    AlreadyRegistered,
    InvalidNoteVerbale,
    InvalidTransition,
    NoSeatOffer,
    NotAllowed,
    NoteVerbaleRequired,
    NotFocalPoint,
    RegistrationError,
    TooEarly,
    TooLate,
    WorkshopClosed,
)
from registrations.models.delegations import Delegation
from registrations.models.emails import RegistrationEmail
from registrations.models.focal_points import FocalPoint
from registrations.models.lifecycle import TRANSITIONS, Registration
from registrations.models.profiles import DelegateProfile
from registrations.validators import validate_note_verbale
from workshops.models import MemberState, Workshop

__all__ = [
    "accept_offer",
    "cancel",
    "change_registration",
    "confirm",
    "decline",
    "endorse",
    "expire_offers",
    "mark_attended",
    "mark_no_show",
    "may_be_head",
    "name_focal_point",
    "owe_email",
    "register",
    "register_with_profile",
    "reject_note_verbale",
    "seats_taken",
    "set_head_of_delegation",
    "upload_note_verbale",
    "verify_note_verbale",
    "waitlist",
    "waive_note_verbale",
    "withdraw",
]

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


# --- helpers --------------------------------------------------------------------------------


def _save(instance, *, by=None) -> None:
    instance.full_clean()
    if by is not None and getattr(by, "pk", None):
        instance._history_user = by  # audit: who, when the middleware has no request
    instance.save()


def _email(registration: Registration, kind: str) -> RegistrationEmail:
    """Owe the delegate an e-mail: rendered now, queued in the outbox, sent after commit."""
    rendered = emails.render_registration_email(registration, kind=kind)
    return owe_email(registration=registration, kind=kind, rendered=rendered)


def owe_email(*, kind: str, rendered, registration=None, invitation=None) -> RegistrationEmail:
    """Queue `rendered` in the outbox and record which e-mail of which registration (or
    invitation) it is. Part of the caller's transaction (no savepoint: a failure fails it)."""
    with transaction.atomic(savepoint=False):
        link = RegistrationEmail(
            registration=registration,
            invitation=invitation,
            kind=kind,
            outbound_email=outbox.queue_email(**rendered.queue_fields()),
        )
        # The rows it links were just written in this transaction: checking that they exist
        # would cost three queries per e-mail; the database keeps the keys and the check.
        link.full_clean(exclude=["registration", "invitation", "outbound_email"])
        link.save()
    return link


def _lock_workshop(workshop_id: int) -> Workshop:
    # The one row lock of every status change: everything that counts seats for a workshop
    # runs one at a time, so two confirmations cannot both take the last seat.
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def _lock_for(registration: Registration) -> Workshop:
    workshop = _lock_workshop(registration.workshop_id)
    registration.refresh_from_db()
    return workshop


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
    if timezone.localdate() >= workshop.start_date:
        raise TooLate(
            gettext("“%(workshop)s” started on %(date)s.")
            % {"workshop": workshop.title, "date": date_format(workshop.start_date)}
        )


def _is_focal_point_of(user, member_state_id: int | None) -> bool:
    if user is None or member_state_id is None or not getattr(user, "pk", None):
        return False
    return FocalPoint.objects.filter(user=user, member_state_id=member_state_id).exists()


def _require_focal_point(user, delegation: Delegation | None) -> None:
    if delegation is None or not _is_focal_point_of(user, delegation.member_state_id):
        raise NotFocalPoint()


def _is_staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_staff", False))


def _set_status(registration: Registration, status: str, *, reason: str = "") -> None:
    registration.status = status
    if not may_be_head(registration) and registration.role == Registration.Role.HEAD_OF_DELEGATION:
        # A head whose registration ends (cancelled, withdrawn, declined, offer lapsed) stops
        # being the head: the delegation has none until the focal point names another.
        registration.role = Registration.Role.DELEGATE
    if status == Status.WAITLISTED:
        registration.waitlisted_at = timezone.now()
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
        _save(candidate)
        _email(candidate, Kind.SEAT_OFFERED)
        offered.append(candidate)
        free -= 1
    return offered


# --- registering ----------------------------------------------------------------------------


def check_open(workshop: Workshop) -> None:
    # Staff open and close registration; the calendar does not (the foundation issue's rule,
    # which also lets the 2009 demo take registrations today).
    if not workshop.is_registration_open:
        raise WorkshopClosed(
            gettext("Registration for “%(workshop)s” is closed.") % {"workshop": workshop.title}
        )


def _delegation_for(*, member_state_id: int, workshop: Workshop) -> Delegation:
    delegation, _created = Delegation.objects.get_or_create(
        member_state_id=member_state_id, workshop=workshop
    )
    return delegation


@transaction.atomic
def register(
    *,
    delegate: DelegateProfile,
    workshop: Workshop,
    role: str = Registration.Role.DELEGATE,
    registered_by=None,
    by=None,
) -> Registration:
    """Register a delegate for a workshop. A member state's delegate joins the state's
    delegation; a registration made by the state's focal point is endorsed at once. `by` is
    who does it, for the audit, when that is not `registered_by` (a delegate accepting the
    focal point's invitation)."""
    check_open(workshop)
    on_behalf = registered_by is not None and registered_by.pk != delegate.user_id
    if on_behalf and not _is_staff(registered_by):
        if not _is_focal_point_of(registered_by, delegate.member_state_id):
            raise NotFocalPoint()
    if (
        Registration.objects.filter(delegate=delegate, workshop=workshop)
        .exclude(status__in=Registration.INACTIVE_STATUSES)
        .exists()
    ):
        raise AlreadyRegistered()
    delegation = None
    if delegate.participant_type == DelegateProfile.ParticipantType.MEMBER_STATE:
        delegation = _delegation_for(member_state_id=delegate.member_state_id, workshop=workshop)
    is_head = role == Registration.Role.HEAD_OF_DELEGATION and delegation is not None
    if is_head:
        # Two heads registered at once must not both pass the check below.
        _lock_workshop(workshop.pk)
        if Registration.objects.filter(
            delegation=delegation, role=Registration.Role.HEAD_OF_DELEGATION
        ).exists():
            raise _second_head()
    endorsed = on_behalf and _is_focal_point_of(registered_by, delegate.member_state_id)
    registration = Registration(
        delegate=delegate,
        workshop=workshop,
        delegation=delegation,
        role=role,
        status=Status.ENDORSED if endorsed else Status.SUBMITTED,
        registered_by=registered_by,
    )
    try:
        _save(registration, by=by or registered_by or delegate.user)
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise AlreadyRegistered() from error  # the active-registration constraint
        raise
    except IntegrityError as error:
        # A double submit that passed the check above at the same moment.
        raise AlreadyRegistered() from error
    _email(registration, Kind.RECEIVED)
    return registration


@transaction.atomic
def register_with_profile(
    *,
    user,
    profile: Mapping[str, Any],
    workshop: Workshop,
    role: str = Registration.Role.DELEGATE,
) -> Registration:
    """A delegate's first registration, with the profile asked in the same form: both are
    made, or neither. Ten submits of the same form at once make one profile and one
    registration; the others are refused as AlreadyRegistered (profile_services.create_profile)."""
    check_open(workshop)
    delegate = profile_services.create_profile(user=user, data=profile, by=user)
    return register(delegate=delegate, workshop=workshop, role=role)


# --- focal points ---------------------------------------------------------------------------


@transaction.atomic
def name_focal_point(*, user, member_state: MemberState, by=None) -> FocalPoint:
    """Staff name a user as the focal point of one member state (replacing another state)."""
    focal_point = FocalPoint.objects.filter(user=user).first() or FocalPoint(user=user)
    focal_point.member_state = member_state
    focal_point.named_by = by
    _save(focal_point)
    return focal_point


@transaction.atomic
def endorse(*, registration: Registration, by) -> Registration:
    """The focal point of the delegate's state endorses the registration. Like registering
    and confirming, endorsing follows the staff-set registration status, not the calendar
    (only ending a registration closes at the workshop's start)."""
    _lock_for(registration)
    _require_focal_point(by, registration.delegation)
    target = _check_transition(registration, "endorse")
    _set_status(registration, target)
    _save(registration, by=by)
    _email(registration, Kind.ENDORSED)
    return registration


@transaction.atomic
def withdraw(*, registration: Registration, by, reason: str = "") -> Registration:
    """The focal point withdraws a delegate from the state's delegation. Like a cancellation,
    a confirmed seat it frees is offered to the waitlist."""
    workshop = _lock_for(registration)
    _require_focal_point(by, registration.delegation)
    return _end(registration, workshop, action="withdraw", by=by, reason=reason)


def may_be_head(registration: Registration) -> bool:
    """The one rule of who may head a delegation: a registration in a member state's
    delegation that has not ended (cancelled or declined). Attended and no-show registrations
    keep or may take the head: the head is part of the accreditation, not of attendance. The
    focal point's board asks this rule before offering to name a head; the models' constraint
    `head_of_delegation_is_active_in_a_delegation` backs it up."""
    return (
        registration.delegation_id is not None
        and registration.status not in Registration.INACTIVE_STATUSES
    )


def _second_head() -> RegistrationError:
    return RegistrationError(
        gettext(
            "This delegation already has a head of delegation: register the delegate "
            "with another role, then name the new head on the delegation board."
        ),
        field="role",
    )


@transaction.atomic
def set_head_of_delegation(*, delegation: Delegation, registration: Registration, by) -> Delegation:
    """Name the head of a delegation (staff or the state's focal point); the previous head
    becomes a delegate."""
    _lock_workshop(delegation.workshop_id)
    delegation.refresh_from_db()
    registration.refresh_from_db()
    if not (_is_staff(by) or _is_focal_point_of(by, delegation.member_state_id)):
        raise NotFocalPoint()
    if registration.delegation_id != delegation.pk or not may_be_head(registration):
        raise RegistrationError(
            gettext("Choose a delegate registered in this delegation."), field="registration"
        )
    previous = Registration.objects.filter(
        delegation=delegation, role=Registration.Role.HEAD_OF_DELEGATION
    ).exclude(pk=registration.pk)
    for head in previous:  # at most one (a constraint), stepped down before the new one
        head.role = Registration.Role.DELEGATE
        _save(head, by=by)
    registration.role = Registration.Role.HEAD_OF_DELEGATION
    _save(registration, by=by)
    return delegation


@transaction.atomic
def change_registration(
    *, registration: Registration, by, role: str, status_reason: str, waitlist_priority: int
) -> Registration:
    """Staff correct a registration's role (delegate, adviser, speaker...), the reason shown
    with its status, or its waitlist priority (the registration's page in the admin). The head
    of delegation is not such a change: it is named with set_head_of_delegation, and a head
    stays one until another is named or the registration ends."""
    if not _is_staff(by):
        raise NotAllowed()
    _lock_for(registration)
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
    _save(registration, by=by)
    return registration


@transaction.atomic
def upload_note_verbale(
    *, delegation: Delegation, file, reference: str, date: datetime.date, by
) -> Delegation:
    """The focal point uploads the note verbale for the whole delegation; staff verify it."""
    if not (_is_staff(by) or _is_focal_point_of(by, delegation.member_state_id)):
        raise NotFocalPoint()
    try:
        validate_note_verbale(file)
    except ValidationError as error:
        raise InvalidNoteVerbale(error.messages[0]) from error
    if not reference.strip():
        raise RegistrationError(
            gettext("Give the reference number of the note verbale."),
            field="note_verbale_reference",
        )
    if date is None:
        raise RegistrationError(
            gettext("Give the date of the note verbale."), field="note_verbale_date"
        )
    delegation.refresh_from_db()
    replaced = delegation.note_verbale.name if delegation.note_verbale else ""
    delegation.note_verbale = file
    delegation.note_verbale_reference = reference.strip()
    delegation.note_verbale_date = date
    delegation.note_verbale_status = Delegation.NoteVerbaleStatus.UPLOADED
    delegation.note_verbale_comment = ""
    delegation.verified_by = None
    delegation.verified_at = None
    _save(delegation, by=by)
    if replaced and replaced != delegation.note_verbale.name:
        # The replaced note verbale goes once the new one is stored for good (not before: a
        # rollback must leave the delegation with its file).
        storage = delegation.note_verbale.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return delegation


def _decide_note_verbale(*, delegation: Delegation, by, status: str, comment: str) -> Delegation:
    if not _is_staff(by):
        raise NotAllowed()
    delegation.refresh_from_db()
    if delegation.note_verbale_status == Delegation.NoteVerbaleStatus.NONE:
        raise InvalidTransition(gettext("No note verbale has been uploaded for this delegation."))
    delegation.note_verbale_status = status
    delegation.note_verbale_comment = comment
    delegation.verified_by = by
    delegation.verified_at = timezone.now()
    _save(delegation, by=by)
    return delegation


@transaction.atomic
def verify_note_verbale(*, delegation: Delegation, by) -> Delegation:
    return _decide_note_verbale(
        delegation=delegation, by=by, status=Delegation.NoteVerbaleStatus.VERIFIED, comment=""
    )


@transaction.atomic
def reject_note_verbale(*, delegation: Delegation, by, comment: str) -> Delegation:
    return _decide_note_verbale(
        delegation=delegation,
        by=by,
        status=Delegation.NoteVerbaleStatus.REJECTED,
        comment=comment,
    )


@transaction.atomic
def waive_note_verbale(*, delegation: Delegation, by, waived: bool = True) -> Delegation:
    """Staff let a delegation be confirmed without a verified note verbale (or undo it)."""
    if not _is_staff(by):
        raise NotAllowed()
    delegation.refresh_from_db()
    delegation.is_waived = waived
    _save(delegation, by=by)
    return delegation


# --- staff decisions ------------------------------------------------------------------------


@transaction.atomic
def confirm(*, registration: Registration, by=None) -> Registration:
    """Confirm a registration if a seat is free at the workshop and within the state's cap;
    otherwise put it on the waitlist. Check `registration.status` for the outcome. A member
    state's delegate is confirmed only once the delegation's note verbale is verified or
    waived; observers, organisations and IOM have no delegation and need none."""
    workshop = _lock_for(registration)
    target = _check_transition(registration, "confirm")
    delegation = registration.delegation
    if delegation is not None and not delegation.is_cleared:
        raise NoteVerbaleRequired()
    if _has_room(workshop, registration):
        _set_status(registration, target)
        _save(registration, by=by)
        _email(registration, Kind.CONFIRMED)
    elif registration.status != Status.WAITLISTED:
        _set_status(registration, Status.WAITLISTED)
        _save(registration, by=by)
        _email(registration, Kind.WAITLISTED)
    return registration


@transaction.atomic
def waitlist(*, registration: Registration, by=None) -> Registration:
    _lock_for(registration)
    target = _check_transition(registration, "waitlist")
    _set_status(registration, target)
    _save(registration, by=by)
    _email(registration, Kind.WAITLISTED)
    return registration


@transaction.atomic
def decline(*, registration: Registration, by=None, reason: str = "") -> Registration:
    workshop = _lock_for(registration)
    held_offer = registration.has_seat_offer
    target = _check_transition(registration, "decline")
    _set_status(registration, target, reason=reason)
    _save(registration, by=by)
    _email(registration, Kind.DECLINED)
    if held_offer:
        _offer_free_seats(workshop)
    return registration


@transaction.atomic
def cancel(*, registration: Registration, by, reason: str = "") -> Registration:
    """The delegate or staff cancel a registration, at any time before the workshop starts."""
    workshop = _lock_for(registration)
    if not (_is_staff(by) or by.pk == registration.delegate.user_id):
        raise NotAllowed()
    return _end(registration, workshop, action="cancel", by=by, reason=reason)


def _end(
    registration: Registration, workshop: Workshop, *, action: str, by, reason: str
) -> Registration:
    target = _check_transition(registration, action)
    _check_not_started(workshop)
    frees_a_seat = registration.status == Status.CONFIRMED or registration.has_seat_offer
    _set_status(registration, target, reason=reason)
    _save(registration, by=by)
    _email(registration, Kind.CANCELLED)
    if frees_a_seat:
        _offer_free_seats(workshop)
    return registration


@transaction.atomic
def accept_offer(*, registration: Registration, by) -> Registration:
    """A waitlisted delegate takes the seat held for them before the deadline."""
    _lock_for(registration)
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
    _save(registration, by=by)
    _email(registration, Kind.CONFIRMED)
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
            workshop = _lock_workshop(workshop_id)
            lapsed = Registration.objects.filter(
                workshop=workshop, status=Status.WAITLISTED, offer_expires_at__lte=now
            )
            for registration in lapsed:
                _set_status(registration, Status.DECLINED)
                _save(registration)
                _email(registration, Kind.OFFER_LAPSED)
                lapsed_count += 1
            _offer_free_seats(workshop)
    return lapsed_count


def _after_start(registration: Registration, action: str, *, by) -> Registration:
    workshop = _lock_for(registration)
    target = _check_transition(registration, action)
    if timezone.localdate() < workshop.start_date:
        raise TooEarly()
    _set_status(registration, target)
    _save(registration, by=by)
    return registration


@transaction.atomic
def mark_attended(*, registration: Registration, by=None) -> Registration:
    return _after_start(registration, "mark_attended", by=by)


@transaction.atomic
def mark_no_show(*, registration: Registration, by=None) -> Registration:
    return _after_start(registration, "mark_no_show", by=by)
