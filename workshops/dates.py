"""Today's date as the programme's rules read it, and those rules: whether a workshop has
started, and whether (and why not) it takes registrations today. The workshop's properties
(`has_started`, `registration_closed_reason`, `is_registration_open`) call these, so that one
date and one rule decide the workshop page, the focal point's board and registrations'
check_open alike.

`as_of(day)` runs the rules as on another day. Only the demo uses it: it replays IDM 2009's
registrations as they were made in 2009, through the same services as real ones, although
those workshops are long over."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

if TYPE_CHECKING:
    from workshops.models import Workshop

_as_of: ContextVar[date | None] = ContextVar("workshops_dates_as_of", default=None)


def today() -> date:
    return _as_of.get() or timezone.localdate()


@contextmanager
def as_of(day: date) -> Iterator[None]:
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def has_started(workshop: Workshop) -> bool:
    return today() >= workshop.start_date


def _closed_because(workshop: Workshop) -> str | None:
    """Which rule closes registration today ("status", "started", "deadline"), or None."""
    if workshop.registration_status != workshop.RegistrationStatus.OPEN:
        return "status"
    day = today()
    if day >= workshop.start_date:
        return "started"
    deadline = workshop.registration_deadline
    if deadline and day > deadline:
        return "deadline"
    return None


def is_registration_open(workshop: Workshop) -> bool:
    """Whether delegates can register today: the rule of registration_closed_reason, without
    writing the reason (the pages ask this of every workshop they list)."""
    return _closed_because(workshop) is None


def registration_closed_reason(workshop: Workshop) -> str | None:
    """Why delegates cannot register today, or None while they can: staff opened registration,
    its deadline (the last day to register) has not passed, and the workshop has not started."""
    closed_because = _closed_because(workshop)
    if closed_because == "status":
        return gettext("Registration for “%(workshop)s” is closed.") % {"workshop": workshop.title}
    if closed_because == "started":
        return gettext("“%(workshop)s” started on %(date)s: registration is closed.") % {
            "workshop": workshop.title,
            "date": date_format(workshop.start_date),
        }
    if closed_because == "deadline":
        return gettext("Registration for “%(workshop)s” closed on %(date)s.") % {
            "workshop": workshop.title,
            "date": date_format(workshop.registration_deadline),
        }
    return None
