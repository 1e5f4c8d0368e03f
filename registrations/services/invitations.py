"""Writes of delegate invitations: a focal point registers someone on their behalf by inviting
them, and the registration exists only once they accept it in their own session.

One flow for every address, so that nothing the focal point sees depends on whether the
address has an account, whose it is or which state it represents: the invitation is made (or
the pending one renewed), an address without an account gets one with no usable password
(claimed through the e-mail's set-password link), and one e-mail is queued. Accepting locks
the invitation row, makes the profile from the invited details when the person has none, and
registers through services.registering.register with the focal point as `registered_by`
(endorsed).

Locks the pending invitation's row (renewing, answering or withdrawing it), so that two
submits of one address make one invitation and an invitation is answered once. Refuses anyone
but the state's focal point to invite or withdraw, anyone but the invited address's owner to
answer, and an invitation no longer open (InvitationClosed); all are RegistrationErrors. Sends
the invitation e-mail through the outbox after commit; a withdrawn one not yet sent is not.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from idm_portal.models import OutboundEmail
from idm_portal.queue import outbox
from registrations import emails
from registrations.errors import (
    AlreadyRegistered,
    InvitationClosed,
    NotAllowed,
    NotFocalPoint,
    RegistrationError,
)
from registrations.models.emails import RegistrationEmail
from registrations.models.focal_points import FocalPoint
from registrations.models.invitations import (
    ACCEPTED_PROFILE_FIELDS,
    INVITED_PROFILE_FIELDS,
    DelegateInvitation,
)
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.selectors import invitations as invitations_selectors
from registrations.services import common, focal_points, profiles, registering
from workshops import names
from workshops.models import Workshop

# How long an invitation can be answered (capped by the workshop's first day).
INVITATION_DAYS = getattr(settings, "REGISTRATIONS_INVITATION_DAYS", 14)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _save_invitation(invitation: DelegateInvitation, *, by) -> None:
    # Its constraints are checked by the insert itself: a check before it could not see a
    # concurrent submit of the same address (invite_delegate).
    common.save_checked(invitation, by=by, validate_constraints=False)


def _expiry(workshop: Workshop) -> datetime.datetime:
    expires = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    if workshop.start_date > timezone.localdate():
        first_day = datetime.datetime.combine(workshop.start_date, datetime.time.min)
        expires = min(expires, timezone.make_aware(first_day))
    return expires


def _account_exists(email: str) -> bool:
    User = get_user_model()
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def _open_account(*, email: str, details: Mapping[str, str], language: str) -> None:
    """Give an address without an account one with no usable password: its owner claims it
    with the invitation e-mail's set-password link (reaching the address proves it)."""
    if _account_exists(email):
        return
    try:
        with transaction.atomic():  # savepoint: a concurrent submit may open it first
            user = get_user_model().objects.create_user(
                email=email,
                password=None,
                first_name=details.get("given_names", "")[:150],
                last_name=details.get("family_name", "")[:150],
                preferred_language=language,
            )
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    except IntegrityError:
        pass  # the same address got its account from a concurrent submit: one account


def _pending(*, email: str, member_state_id: int, workshop: Workshop):
    return (
        DelegateInvitation.objects.select_for_update()
        .filter(DelegateInvitation.PENDING)
        .filter(email=email, member_state_id=member_state_id, workshop=workshop)
        .first()
    )


def _queue_email(invitation: DelegateInvitation) -> None:
    """Owe the invited person the invitation e-mail, with a new link: only the latest e-mail's
    link opens the invitation. An e-mail still waiting to go gets the renewed contents (one
    e-mail, not two); one already on its way is followed by a new one."""
    Kind = RegistrationEmail.Kind
    token = issue_token(invitation_pk=invitation.pk)
    rendered = emails.render_invitation_email(invitation, token=token)
    waiting = (
        invitation.emails.filter(
            kind=Kind.INVITATION, outbound_email__status=OutboundEmail.Status.PENDING
        )
        .values_list("outbound_email_id", flat=True)
        .first()
    )
    if waiting and outbox.replace_pending(
        email_id=waiting,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        language=rendered.language,
    ):
        return
    common.owe_email(invitation=invitation, kind=Kind.INVITATION, rendered=rendered)


@transaction.atomic
def invite_delegate(
    *,
    by,
    email: str,
    workshop: Workshop,
    role: str = Registration.Role.DELEGATE,
    profile: Mapping[str, Any],
    preferred_language: str | None = None,
) -> DelegateInvitation:
    """The focal point invites a person to register as a delegate of its state. A pending
    invitation of the same address to the same workshop is renewed (details, role, expiry),
    never doubled. No existing account is changed, whoever the address belongs to."""
    focal_point = FocalPoint.objects.filter(user=by).select_related("member_state").first()
    if focal_point is None:
        raise NotFocalPoint()
    registering.check_open(workshop)
    address = email.strip().lower()
    # What was given, as text (JSON); a field left out takes the profile's default on acceptance.
    details = {name: str(profile[name]) for name in INVITED_PROFILE_FIELDS if profile.get(name)}
    language = preferred_language or getattr(by, "preferred_language", "") or "en"
    _open_account(email=email.strip(), details=details, language=language)

    state_id = focal_point.member_state_id
    for _attempt in range(3):
        invitation = _pending(email=address, member_state_id=state_id, workshop=workshop)
        if invitation is not None:
            _renew(invitation, by=by, role=role, details=details, language=language)
            break
        invitation = DelegateInvitation(
            email=address, member_state_id=state_id, workshop=workshop, role=role
        )
        invitation.details, invitation.preferred_language = details, language
        invitation.invited_by, invitation.expires_at = by, _expiry(workshop)
        try:
            # A savepoint around the exact insert. Two submits of the same address both find
            # no pending invitation; the partial unique index holds the second INSERT until
            # the first commits, then refuses it, and the second renews the first's row.
            with transaction.atomic():
                _save_invitation(invitation, by=by)
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - three races lost in a row
        raise RegistrationError(gettext("The invitation could not be saved: please try again."))
    _queue_email(invitation)
    return invitation


def _renew(invitation, *, by, role: str, details: dict, language: str) -> None:
    invitation.role, invitation.details, invitation.preferred_language = role, details, language
    invitation.invited_by = by
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry(invitation.workshop)
    _save_invitation(invitation, by=by)


def issue_token(*, invitation_pk: int) -> str:
    """A new secret for the invitation's link, drawn as its e-mail is built; only its hash is
    stored on the invitation, so earlier e-mails' links stop working and a copy of the database
    opens none (the e-mail's own copy lies in the outbox only until it is sent)."""
    token = secrets.token_urlsafe(32)
    DelegateInvitation.objects.filter(pk=invitation_pk).update(token_hash=token_hash(token))
    return token


# --- answering ------------------------------------------------------------------------------


def closed_reason(invitation: DelegateInvitation) -> str | None:
    """Why the invitation can no longer be answered, or None while it can."""
    if invitation.accepted_at:
        return gettext("This invitation has already been accepted.")
    if invitation.declined_at:
        return gettext("This invitation was declined.")
    if invitation.withdrawn_at:
        return gettext("The focal point withdrew this invitation.")
    if invitation.is_expired:
        return gettext(
            "This invitation has expired. Ask the focal point of your state to send a new one."
        )
    return None


def _lock_for_answer(invitation: DelegateInvitation, user) -> DelegateInvitation:
    invitation = (
        DelegateInvitation.objects.select_for_update(of=("self",))  # invited_by: nullable
        .select_related("workshop", "member_state", "invited_by")
        .get(pk=invitation.pk)
    )
    if not invitations_selectors.is_invitation_addressee(user=user, invitation=invitation):
        raise NotAllowed()
    reason = closed_reason(invitation)
    if reason:
        raise InvitationClosed(reason)
    return invitation


def acceptance_problem(
    *, invitation: DelegateInvitation, delegate: DelegateProfile | None
) -> str | None:
    """Why the person with this profile (None: no profile yet) cannot accept, or None. The
    invitation page shows it before they try; accept_invitation refuses with it."""
    state = invitation.member_state
    if delegate is not None and (
        delegate.participant_type != DelegateProfile.ParticipantType.MEMBER_STATE
        or delegate.member_state_id != state.pk
    ):
        return gettext(
            "Your delegate profile says you represent %(represents)s, not %(state)s: this "
            "invitation cannot be accepted with it. Nothing was changed."
        ) % {"represents": delegate.represents or "—", "state": names.state_name(state)}
    inviter = invitation.invited_by
    if inviter is None or not focal_points.is_focal_point_of(inviter, state.pk):
        return gettext(
            "The person who invited you is no longer the focal point of %(state)s: ask the "
            "focal point for a new invitation. Nothing was changed."
        ) % {"state": names.state_name(state)}
    if (
        delegate is not None
        and Registration.objects.filter(delegate=delegate, workshop=invitation.workshop)
        .exclude(status__in=Registration.INACTIVE_STATUSES)
        .exists()
    ):
        return gettext("You are already registered for this workshop. Nothing was changed.")
    return None


@transaction.atomic
def accept_invitation(
    *, invitation: DelegateInvitation, user, profile: Mapping[str, Any] | None = None
) -> Registration:
    """The invited person accepts, in their own session: a profile of the inviting state is
    made from the invited details (as they corrected them) if they have none, and the
    registration is made as the focal point's, so endorsed. Anything refused changes nothing."""
    invitation = _lock_for_answer(invitation, user)
    workshop, state = invitation.workshop, invitation.member_state
    registering.check_open(workshop)
    delegate = DelegateProfile.objects.filter(user=user).first()
    if delegate is None:
        data = {k: v for k, v in invitation.details.items() if k in INVITED_PROFILE_FIELDS}
        data.update({k: v for k, v in (profile or {}).items() if k in ACCEPTED_PROFILE_FIELDS})
        data.update(participant_type=DelegateProfile.ParticipantType.MEMBER_STATE)
        delegate = profiles.create_profile(user=user, data={**data, "member_state": state}, by=user)
    problem = acceptance_problem(invitation=invitation, delegate=delegate)
    if problem:
        raise RegistrationError(problem)
    inviter = invitation.invited_by
    try:
        registration = registering.register(
            delegate=delegate,
            workshop=workshop,
            role=invitation.role,
            registered_by=inviter,
            by=user,
        )
    except AlreadyRegistered as error:
        raise AlreadyRegistered(
            gettext("You are already registered for this workshop. Nothing was changed.")
        ) from error
    invitation.accepted_at = timezone.now()
    invitation.registration = registration
    _save_invitation(invitation, by=user)
    return registration


@transaction.atomic
def decline_invitation(*, invitation: DelegateInvitation, user) -> DelegateInvitation:
    invitation = _lock_for_answer(invitation, user)
    invitation.declined_at = timezone.now()
    _save_invitation(invitation, by=user)
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: DelegateInvitation, by) -> DelegateInvitation:
    """The focal point of the inviting state takes back an invitation not yet answered."""
    invitation = DelegateInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not focal_points.is_focal_point_of(by, invitation.member_state_id):
        raise NotFocalPoint()
    if not invitation.is_pending:
        raise InvitationClosed(closed_reason(invitation))
    invitation.withdrawn_at = timezone.now()
    _save_invitation(invitation, by=by)
    # Its e-mail, if still waiting to go, is not sent: its link would only say "withdrawn".
    outbox.cancel(email_ids=invitation.emails.values_list("outbound_email_id", flat=True))
    return invitation
