"""Reads of delegations: the head of a delegation, and the focal point's board and overview of
its state's delegations (scoped to its state: another state's is a 404)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.selectors import lifecycle
from workshops.models import MemberState, Workshop

Status = Registration.Status

# --- the head of a delegation ---------------------------------------------------------------
# Stored once: the registration whose role is head (a database constraint keeps it to one per
# delegation, active). Every page, list, letter and export asks these two.


def is_head(registration: Registration) -> bool:
    """Whether the registration heads its delegation."""
    return registration.role == Registration.Role.HEAD_OF_DELEGATION


def _heads() -> QuerySet[Registration]:
    return Registration.objects.filter(role=Registration.Role.HEAD_OF_DELEGATION).select_related(
        "delegate"
    )


def with_heads(delegations: QuerySet[Delegation]) -> QuerySet[Delegation]:
    """Delegations with their heads fetched in one more query, however many: for head_of()."""
    return delegations.prefetch_related(
        Prefetch("registrations", queryset=_heads(), to_attr="head_registrations")
    )


def head_of(delegation: Delegation) -> Registration | None:
    """The delegation's head of delegation, or None when none is named."""
    heads = getattr(delegation, "head_registrations", None)
    if heads is None:
        return _heads().filter(delegation=delegation).first()
    return heads[0] if heads else None


def delegations_of_state(member_state: MemberState) -> QuerySet[Delegation]:
    """The state's delegations, one per workshop it has delegates at."""
    delegations = with_heads(Delegation.objects.filter(member_state=member_state))
    return (
        delegations.select_related("workshop", "member_state")
        .annotate(
            active_count=Count(
                "registrations",
                filter=~Q(registrations__status__in=Registration.INACTIVE_STATUSES),
            )
        )
        .order_by("-workshop__start_date")
    )


def delegation_board(*, member_state: MemberState, workshop: Workshop) -> Delegation | None:
    """A state's delegation to a workshop with its registrations (head first), for the focal
    point's board. None when the state has no delegation there yet."""
    registrations = Registration.objects.select_related(
        "delegate__user", "registered_by", "workshop"
    ).order_by("status", "delegate__family_name")
    return (
        Delegation.objects.filter(member_state=member_state, workshop=workshop)
        .select_related("workshop", "member_state", "verified_by")
        .prefetch_related(Prefetch("registrations", queryset=registrations))
        .first()
    )


def delegation_registration(*, member_state: MemberState, pk: int) -> Registration:
    """A registration in the focal point's own state's delegations, or 404."""
    return get_object_or_404(
        lifecycle.registrations_with_related().filter(delegation__member_state=member_state), pk=pk
    )


# --- the focal point's overview -----------------------------------------------------------------

_DELEGATION_COUNTS = {
    "active_count": Count(
        "registrations", filter=~Q(registrations__status__in=Registration.INACTIVE_STATUSES)
    ),
    "submitted_count": Count("registrations", filter=Q(registrations__status=Status.SUBMITTED)),
    "endorsed_count": Count("registrations", filter=Q(registrations__status=Status.ENDORSED)),
    "confirmed_count": Count(
        "registrations", filter=Q(registrations__status__in=Registration.SEAT_STATUSES)
    ),
    "waitlisted_count": Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
}


def delegation_overview(*, member_state: MemberState, workshops) -> list[dict]:
    """The focal point's index: for each workshop (in the order given), the state's delegation
    there or None, with its counts by status and its head of delegation (`delegation.head`).
    Two queries, however many workshops and registrations."""
    workshops = list(workshops)
    delegations = with_heads(
        Delegation.objects.filter(member_state=member_state, workshop__in=workshops)
    ).annotate(**_DELEGATION_COUNTS)
    by_workshop = {delegation.workshop_id: delegation for delegation in delegations}
    overview = []
    for workshop in workshops:
        delegation = by_workshop.get(workshop.pk)
        if delegation is not None:
            delegation.head = head_of(delegation)
        overview.append({"workshop": workshop, "delegation": delegation})
    return overview


def state_delegation(*, member_state: MemberState, workshop: Workshop) -> Delegation | None:
    """A state's delegation to a workshop (without its registrations), or None."""
    return (
        Delegation.objects.select_related("workshop", "member_state")
        .filter(member_state=member_state, workshop=workshop)
        .first()
    )


def delegation_detail(pk: int) -> Delegation:
    """Any delegation, for staff pages (the caller checks the permission), or 404."""
    return get_object_or_404(Delegation.objects.select_related("workshop", "member_state"), pk=pk)
