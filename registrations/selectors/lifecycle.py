"""Reads of registrations and their status: a delegate's own registrations (scoped to the
user: someone else's is a 404), the waitlist, and the staff's summary of a workshop."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

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


def registrations_of(user) -> QuerySet[Registration]:
    """A delegate's own registrations, newest workshop first, with their travel sponsorship."""
    return (
        registrations_with_related()
        .select_related("sponsorship")
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


def waitlist_for(workshop: Workshop) -> QuerySet[Registration]:
    """The waitlist in the order seats are offered: priority, then time on the list."""
    return (
        registrations_with_related()
        .filter(workshop=workshop, status=Status.WAITLISTED)
        .order_by("-waitlist_priority", "waitlisted_at", "pk")
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
