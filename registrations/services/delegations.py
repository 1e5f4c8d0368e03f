"""Writes of delegations: a member state's delegation to a workshop, its head and its note
verbale.

Locks: naming a head takes the workshop's row lock (registrations.services.common), like every
status change, so that a head who steps down as the registration ends and a head named at the
same moment cannot cross. Refuses a head outside the delegation or whose registration ended
(may_be_head and head_refusal: the one rule), a second head at registration, a note verbale
that is no real PDF or lacks its reference or date, an upload where staff waived it, and anyone
but staff or the state's focal point. Sends nothing: the delegates hear of the note verbale
through their registrations' confirmation.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from registrations.errors import (
    InvalidNoteVerbale,
    InvalidTransition,
    NotAllowed,
    RegistrationError,
)
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.services import common, focal_points
from registrations.validators import validate_note_verbale
from workshops.models import Workshop


def delegation_for(*, member_state_id: int, workshop: Workshop) -> Delegation:
    """The state's delegation to the workshop, made with its first registration."""
    delegation, _created = Delegation.objects.get_or_create(
        member_state_id=member_state_id, workshop=workshop
    )
    return delegation


# --- the head of delegation -----------------------------------------------------------------


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


def head_refusal(registration: Registration) -> str | None:
    """Why this registration cannot be named head of its delegation, or None while it can."""
    if may_be_head(registration):
        return None
    return gettext("%(name)s's registration is %(status)s: they cannot head the delegation.") % {
        "name": registration.delegate.full_name,
        "status": registration.get_status_display().lower(),
    }


def refuse_second_head(delegation: Delegation) -> None:
    """Refuse to register a head in a delegation that has one. Called under the workshop's
    lock, so that two heads registered at once cannot both pass."""
    if Registration.objects.filter(
        delegation=delegation, role=Registration.Role.HEAD_OF_DELEGATION
    ).exists():
        raise RegistrationError(
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
    common.lock_workshop(delegation.workshop_id)
    delegation.refresh_from_db()
    registration.refresh_from_db()
    focal_points.require_staff_or_focal_point(by, delegation.member_state_id)
    if registration.delegation_id != delegation.pk:
        raise RegistrationError(
            gettext("Choose a delegate registered in this delegation."), field="registration"
        )
    refusal = head_refusal(registration)
    if refusal:
        raise RegistrationError(refusal, field="registration")
    previous = Registration.objects.filter(
        delegation=delegation, role=Registration.Role.HEAD_OF_DELEGATION
    ).exclude(pk=registration.pk)
    for head in previous:  # at most one (a constraint), stepped down before the new one
        head.role = Registration.Role.DELEGATE
        common.save_checked(head, by=by)
    registration.role = Registration.Role.HEAD_OF_DELEGATION
    common.save_checked(registration, by=by)
    return delegation


# --- the note verbale -----------------------------------------------------------------------


def note_verbale_upload_refusal(delegation: Delegation) -> str | None:
    """Why no note verbale can be uploaded for this delegation, or None while one can: the
    board and the upload page ask it before they offer the upload."""
    if delegation.is_waived:
        return gettext(
            "The secretariat waived the note verbale for this delegation: there is nothing to "
            "upload. Your endorsed delegates can be confirmed."
        )
    return None


@transaction.atomic
def upload_note_verbale(
    *, delegation: Delegation, file, reference: str, date: datetime.date, by
) -> Delegation:
    """The focal point uploads the note verbale for the whole delegation; staff verify it.
    A delegation whose note verbale staff waived has none to upload."""
    focal_points.require_staff_or_focal_point(by, delegation.member_state_id)
    delegation.refresh_from_db()
    refusal = note_verbale_upload_refusal(delegation)
    if refusal:
        raise InvalidTransition(refusal)
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
    replaced = delegation.note_verbale.name if delegation.note_verbale else ""
    delegation.note_verbale = file
    delegation.note_verbale_reference = reference.strip()
    delegation.note_verbale_date = date
    delegation.note_verbale_status = Delegation.NoteVerbaleStatus.UPLOADED
    delegation.note_verbale_comment = ""
    delegation.verified_by = None
    delegation.verified_at = None
    common.save_checked(delegation, by=by)
    if replaced and replaced != delegation.note_verbale.name:
        # The replaced note verbale goes once the new one is stored for good (not before: a
        # rollback must leave the delegation with its file).
        storage = delegation.note_verbale.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return delegation


def _decide_note_verbale(*, delegation: Delegation, by, status: str, comment: str) -> Delegation:
    if not common.is_staff(by):
        raise NotAllowed()
    delegation.refresh_from_db()
    if delegation.note_verbale_status == Delegation.NoteVerbaleStatus.NONE:
        raise InvalidTransition(gettext("No note verbale has been uploaded for this delegation."))
    delegation.note_verbale_status = status
    delegation.note_verbale_comment = comment
    delegation.verified_by = by
    delegation.verified_at = timezone.now()
    common.save_checked(delegation, by=by)
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
    if not common.is_staff(by):
        raise NotAllowed()
    delegation.refresh_from_db()
    delegation.is_waived = waived
    common.save_checked(delegation, by=by)
    return delegation
