"""Reads of delegate invitations: the invitation a link opens (for the invited person only:
a 404 for anyone else) and a state's pending invitations to a workshop."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.http import Http404
from django.shortcuts import get_object_or_404

from registrations.models.invitations import DelegateInvitation
from workshops.models import MemberState, Workshop


def is_invitation_addressee(*, user, invitation: DelegateInvitation) -> bool:
    """Whether the user owns the invited address: one of their verified e-mail addresses."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


def invitation_for(*, user, token_hash: str) -> DelegateInvitation:
    """The invitation a link opens, for the person it invites only; 404 for anyone else."""
    invitation = (
        DelegateInvitation.objects.select_related(
            "workshop__programme", "member_state", "invited_by", "registration"
        )
        .filter(token_hash=token_hash)
        .exclude(token_hash="")
        .first()
    )
    if invitation is None or not is_invitation_addressee(user=user, invitation=invitation):
        raise Http404
    return invitation


def pending_invitations(*, member_state: MemberState, workshop: Workshop):
    """The state's invitations to a workshop not answered or withdrawn yet (expired included,
    marked so on the board), newest first."""
    return DelegateInvitation.objects.filter(DelegateInvitation.PENDING).filter(
        member_state=member_state, workshop=workshop
    )


def state_invitation(*, member_state: MemberState, workshop: Workshop, pk: int):
    """One of the state's pending invitations to this workshop, or 404."""
    return get_object_or_404(
        pending_invitations(member_state=member_state, workshop=workshop), pk=pk
    )
