"""Reads behind the confirmation letter: the delegate's own registration (a 404 for anyone
else), whether it has a letter (a confirmed or attended seat), and the letter's date."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from registrations.models.lifecycle import Registration
from registrations.selectors import lifecycle


def letter_registration(user, pk: int) -> Registration:
    """One of the delegate's own registrations with what its letter shows, or 404."""
    return get_object_or_404(
        lifecycle.registrations_of(user).select_related("workshop__programme"), pk=pk
    )


# A letter confirms a seat: not for a delegate marked as not having come.
LETTER_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def has_seat(registration: Registration) -> bool:
    """Whether the registration has a confirmation letter: a confirmed (or attended) seat."""
    return registration.status in LETTER_STATUSES


def seat_confirmed_on(registration: Registration):
    """The day the seat was confirmed (from the audit history), the letter's date."""
    first = (
        registration.history.filter(status__in=Registration.SEAT_STATUSES)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    moment = first or registration.updated_at
    return timezone.localtime(moment).date()
