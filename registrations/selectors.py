"""Reads of registrations for pages, admin and reports, with their related rows joined, so
that a page's query count stays flat however many registrations there are.

Scoping is part of each selector: a delegate's reads take the user, a focal point's take the
focal point's state; a row outside that scope is simply not found (a 404 for the view).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from registrations.models.delegations import Delegation
from registrations.models.focal_points import FocalPoint
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from workshops.models import MemberState, Workshop

Status = Registration.Status

REGISTRATION_RELATED = (
    "delegate__user",
    "delegate__member_state",
    "workshop",
    "delegation__member_state",
)


def registrations_with_related() -> QuerySet[Registration]:
    return Registration.objects.select_related(*REGISTRATION_RELATED)


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


def delegate_profile_of(user) -> DelegateProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return DelegateProfile.objects.select_related("user", "member_state").filter(user=user).first()


def registrations_of(user) -> QuerySet[Registration]:
    """A delegate's own registrations, newest workshop first."""
    return (
        registrations_with_related()
        .filter(delegate__user=user)
        .order_by("-workshop__start_date", "-created_at")
    )


def registration_of(user, pk: int) -> Registration:
    """One of the delegate's own registrations, or 404."""
    return get_object_or_404(registrations_of(user), pk=pk)


def active_registration(*, user, workshop: Workshop) -> Registration | None:
    return (
        registrations_of(user)
        .filter(workshop=workshop)
        .exclude(status__in=Registration.INACTIVE_STATUSES)
        .first()
    )


def focal_point_state(user) -> MemberState | None:
    """The member state a user is focal point of, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    focal_point = FocalPoint.objects.select_related("member_state").filter(user=user).first()
    return focal_point.member_state if focal_point else None


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
    registrations = Registration.objects.select_related("delegate__user", "registered_by").order_by(
        "status", "delegate__family_name"
    )
    return (
        Delegation.objects.filter(member_state=member_state, workshop=workshop)
        .select_related("workshop", "member_state", "verified_by")
        .prefetch_related(Prefetch("registrations", queryset=registrations))
        .first()
    )


def delegation_registration(*, member_state: MemberState, pk: int) -> Registration:
    """A registration in the focal point's own state's delegations, or 404."""
    return get_object_or_404(
        registrations_with_related().filter(delegation__member_state=member_state), pk=pk
    )


def waitlist_for(workshop: Workshop) -> QuerySet[Registration]:
    """The waitlist in the order seats are offered: priority, then time on the list."""
    return (
        registrations_with_related()
        .filter(workshop=workshop, status=Status.WAITLISTED)
        .order_by("-waitlist_priority", "waitlisted_at", "pk")
    )


def confirmed_participants(workshop: Workshop) -> QuerySet[Registration]:
    """Confirmed (or attended) participants, for the list of participants: only the columns
    registrations.reports.participants_list reads (a 2,000-name list builds twice as fast)."""
    return (
        Registration.objects.filter(workshop=workshop, status__in=Registration.SEAT_STATUSES)
        .select_related("delegate__user", "delegate__member_state")
        .only(*_PARTICIPANT_FIELDS)
    )


_PARTICIPANT_FIELDS = (
    "role",
    "status",
    "delegate__title",
    "delegate__given_names",
    "delegate__family_name",
    "delegate__position",
    "delegate__institution",
    "delegate__participant_type",
    "delegate__organisation",
    "delegate__consent_to_public_listing",
    "delegate__user__email",
    "delegate__member_state__name",
    "delegate__member_state__country",
)


_SUMMARY_COUNTS = {
    "registered": Count("pk", filter=~Q(status__in=Registration.INACTIVE_STATUSES)),
    "endorsed": Count("pk", filter=Q(status=Status.ENDORSED)),
    "confirmed": Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
    "waitlisted": Count("pk", filter=Q(status=Status.WAITLISTED)),
}


def workshop_summary(workshop: Workshop) -> dict:
    """Registered (active), endorsed, confirmed and waitlisted counts by region and by gender,
    with totals. Two grouped queries."""
    base = Registration.objects.filter(workshop=workshop)
    region_labels = dict(MemberState.Region.choices)
    gender_labels = dict(DelegateProfile.Gender.choices)
    by_region = [
        {
            "label": region_labels.get(row["region"]) or gettext("Organizations and IOM"),
            **{key: row[key] for key in _SUMMARY_COUNTS},
        }
        for row in base.values(region=F("delegate__member_state__region"))
        .annotate(**_SUMMARY_COUNTS)
        .order_by("region")
    ]
    by_gender = [
        {
            "label": gender_labels.get(row["gender"]) or gettext("Not given"),
            **{key: row[key] for key in _SUMMARY_COUNTS},
        }
        for row in base.values(gender=F("delegate__gender"))
        .annotate(**_SUMMARY_COUNTS)
        .order_by("gender")
    ]
    totals = {key: sum(row[key] for row in by_region) for key in _SUMMARY_COUNTS}
    return {"workshop": workshop, "by_region": by_region, "by_gender": by_gender, "totals": totals}


# --- focal point's overview -----------------------------------------------------------------

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


# --- delegate profiles ------------------------------------------------------------------------


def retention_days() -> int:
    """Days passport details are kept after the delegate's last workshop."""
    return int(getattr(settings, "PASSPORT_RETENTION_DAYS", 30))


def live_registrations(profile: DelegateProfile):
    return profile.registrations.exclude(status__in=Registration.INACTIVE_STATUSES)


def representation_locked(profile: DelegateProfile) -> bool:
    """Whether the state or organisation can no longer change (a registration is live)."""
    if profile.pk is None:
        return False
    today = timezone.localdate()
    return live_registrations(profile).filter(workshop__end_date__gte=today).exists()


def erasable_profiles(*, today: datetime.date | None = None):
    """Profiles holding passport details that no workshop needs any more: none of their live
    registrations is for a workshop ending after the retention cut-off, and the details were
    not entered after it either (details entered for a workshop not yet registered for are
    kept for the retention period). Editing anything else in the profile never postpones
    the erasure; `today` moves both cut-offs."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=retention_days())
    needed = Registration.objects.filter(
        delegate=OuterRef("pk"), workshop__end_date__gte=cutoff
    ).exclude(status__in=Registration.INACTIVE_STATUSES)
    has_details = Q(passport_number__gt="") | Q(date_of_birth__isnull=False)
    has_details |= Q(passport_expiry__isnull=False) | Q(nationality__gt="")
    entered_since = Q(passport_entered_at__gte=_start_of(cutoff))
    return (
        DelegateProfile.objects.filter(has_details).filter(~Exists(needed)).exclude(entered_since)
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- invitations ----------------------------------------------------------------------------


def is_invitation_addressee(*, user, invitation: DelegateInvitation) -> bool:
    """Whether the user owns the invited address: one of their verified e-mail addresses."""
    from allauth.account.models import EmailAddress

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
