"""Writes of registering: a delegate registers for a workshop (with the profile asked in the
same form the first time), or staff or the state's focal point register them.

Locks the workshop's row only to register a head of delegation (one head per delegation).
Refuses a workshop that takes no registration today (WorkshopClosed: staff closed it, its
deadline passed or it has started), a second active registration of the same delegate
(AlreadyRegistered: also what a double submit gets), a second head, and anyone registering
someone else who is neither staff nor that state's focal point.
Sends the delegate "registration received", queued in the outbox, after commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registrations.errors import AlreadyRegistered, NotFocalPoint, WorkshopClosed
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.services import common, delegations, focal_points, profiles
from workshops.models import Workshop


def check_open(workshop: Workshop) -> None:
    """Refuse a workshop that takes no registration today, with the reason the workshop page
    shows: staff closed registration, its deadline passed, or the workshop has started
    (Workshop.registration_closed_reason, the one rule)."""
    reason = workshop.registration_closed_reason
    if reason is not None:
        raise WorkshopClosed(reason)


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
    if on_behalf and not common.is_staff(registered_by):
        if not focal_points.is_focal_point_of(registered_by, delegate.member_state_id):
            raise NotFocalPoint()
    if (
        Registration.objects.filter(delegate=delegate, workshop=workshop)
        .exclude(status__in=Registration.INACTIVE_STATUSES)
        .exists()
    ):
        raise AlreadyRegistered()
    delegation = None
    if delegate.participant_type == DelegateProfile.ParticipantType.MEMBER_STATE:
        delegation = delegations.delegation_for(
            member_state_id=delegate.member_state_id, workshop=workshop
        )
    if role == Registration.Role.HEAD_OF_DELEGATION and delegation is not None:
        # Two heads registered at once must not both pass the check.
        common.lock_workshop(workshop.pk)
        delegations.refuse_second_head(delegation)
    endorsed = on_behalf and focal_points.is_focal_point_of(registered_by, delegate.member_state_id)
    registration = Registration(
        delegate=delegate,
        workshop=workshop,
        delegation=delegation,
        role=role,
        status=Registration.Status.ENDORSED if endorsed else Registration.Status.SUBMITTED,
        registered_by=registered_by,
    )
    try:
        # The two rules the constraints hold (one active registration, one head) were checked
        # just above, under the workshop's lock for a head; the database still enforces them
        # (IntegrityError below). Checking them again in full_clean cost nine queries a POST.
        common.save_checked(
            registration,
            by=by or registered_by or delegate.user,
            validate_constraints=False,
            loaded=("delegate", "workshop", "delegation"),
        )
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise AlreadyRegistered() from error  # the active-registration constraint
        raise
    except IntegrityError as error:
        # A double submit that passed the check above at the same moment.
        raise AlreadyRegistered() from error
    common.email_delegate(registration, RegistrationEmail.Kind.RECEIVED)
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
    registration; the others are refused as AlreadyRegistered (profiles.create_profile)."""
    check_open(workshop)
    delegate = profiles.create_profile(user=user, data=profile, by=user)
    return register(delegate=delegate, workshop=workshop, role=role)
