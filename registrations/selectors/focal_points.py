"""Reads of focal points: which member state a user acts for."""

from __future__ import annotations

from registrations.models.focal_points import FocalPoint
from workshops.models import MemberState


def focal_point_state(user) -> MemberState | None:
    """The member state a user is focal point of, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    focal_point = FocalPoint.objects.select_related("member_state").filter(user=user).first()
    return focal_point.member_state if focal_point else None
