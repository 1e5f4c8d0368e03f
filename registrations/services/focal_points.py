"""Writes of focal points, and the check the other services ask before acting for a state.

Staff name a user focal point of one member state (a second naming moves the user to another
state: one focal point per user). Locks nothing: naming is staff's alone. Refuses, for the other
services, with NotFocalPoint a user who is not the focal point of the state concerned. Sends
nothing.
"""

from __future__ import annotations

from django.db import transaction

from registrations.errors import NotFocalPoint
from registrations.models.delegations import Delegation
from registrations.models.focal_points import FocalPoint
from registrations.services import common
from workshops.models import MemberState


def is_focal_point_of(user, member_state_id: int | None) -> bool:
    if user is None or member_state_id is None or not getattr(user, "pk", None):
        return False
    return FocalPoint.objects.filter(user=user, member_state_id=member_state_id).exists()


def require_focal_point(user, delegation: Delegation | None) -> None:
    """Refuse anyone but the focal point of the delegation's state."""
    if delegation is None or not is_focal_point_of(user, delegation.member_state_id):
        raise NotFocalPoint()


def require_staff_or_focal_point(user, member_state_id: int | None) -> None:
    """Refuse anyone but staff and the focal point of the state."""
    if not (common.is_staff(user) or is_focal_point_of(user, member_state_id)):
        raise NotFocalPoint()


@transaction.atomic
def name_focal_point(*, user, member_state: MemberState, by=None) -> FocalPoint:
    """Staff name a user as the focal point of one member state (replacing another state)."""
    focal_point = FocalPoint.objects.filter(user=user).first() or FocalPoint(user=user)
    focal_point.member_state = member_state
    focal_point.named_by = by
    common.save_checked(focal_point)
    return focal_point
