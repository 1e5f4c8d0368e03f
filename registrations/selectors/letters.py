"""Reads behind the delegate's documents: the delegate's own registration (a 404 for anyone
else), whether it has a letter (a confirmed or attended seat), the letter's date, and the agenda
of each day of the workshop for its calendar file."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone

from registrations.models.lifecycle import Registration
from registrations.selectors import lifecycle
from workshops.models import AgendaItem, Workshop


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
    """The day the seat was confirmed, the letter's date (set by services.lifecycle when it
    confirms; a seat given otherwise, e.g. in a test's data, by the registration's creation)."""
    moment = registration.confirmed_at or registration.created_at
    return timezone.localtime(moment).date()


def agenda_by_day(workshop: Workshop) -> dict[datetime.date, list[AgendaItem]]:
    """The workshop's agenda items, day by day, in order. One query."""
    days: dict[datetime.date, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(workshop=workshop).order_by("day", "start_time"):
        days.setdefault(item.day, []).append(item)
    return days
