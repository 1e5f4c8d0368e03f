"""Every action from every status: allowed ones lead to the table's status, all others are
refused with InvalidTransition and leave the registration as it was."""

import datetime
import itertools

import pytest
from django.utils import timezone, translation

from registrations.errors import InvalidTransition, TooEarly, TooLate
from registrations.models.lifecycle import TRANSITIONS, Registration
from registrations.services import lifecycle
from tests.registrations.factories import (
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.workshops.factories import WorkshopFactory

Status = Registration.Status

AFTER_START = {"mark_attended", "mark_no_show"}


def _call(action: str, registration: Registration, *, staff, focal_point):
    if action in ("endorse", "withdraw"):
        return getattr(lifecycle, action)(registration=registration, by=focal_point)
    if action == "accept_offer":
        return lifecycle.accept_offer(registration=registration, by=registration.delegate.user)
    return getattr(lifecycle, action)(registration=registration, by=staff)


@pytest.mark.parametrize(
    ("action", "from_status"), list(itertools.product(sorted(TRANSITIONS), Status.values))
)
def test_transition_table_is_enforced(action, from_status, staff):
    today = timezone.localdate()
    start = today if action in AFTER_START else today + datetime.timedelta(days=30)
    workshop = WorkshopFactory(
        start_date=start, end_date=start + datetime.timedelta(days=1), capacity=5, sponsored_seats=0
    )
    registration = RegistrationFactory(workshop=workshop, status=from_status)
    DelegationFactory(member_state=registration.delegate.member_state, workshop=workshop)
    if action == "accept_offer":
        registration.offer_expires_at = timezone.now() + datetime.timedelta(days=1)
        registration.save()
    focal_point = FocalPointFactory(member_state=registration.delegate.member_state).user
    allowed_from, target = TRANSITIONS[action]

    if from_status in allowed_from:
        _call(action, registration, staff=staff, focal_point=focal_point)
        registration.refresh_from_db()
        assert registration.status == target
    else:
        with pytest.raises(InvalidTransition):
            _call(action, registration, staff=staff, focal_point=focal_point)
        registration.refresh_from_db()
        assert registration.status == from_status


def test_every_status_is_reachable_or_initial():
    reachable = {target for _from, target in TRANSITIONS.values()} | {Status.WAITLISTED}
    assert reachable | {Status.SUBMITTED} == set(Status.values)


def test_cancel_refused_once_the_workshop_has_started(staff):
    today = timezone.localdate()
    workshop = WorkshopFactory(start_date=today, end_date=today)
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)

    with pytest.raises(TooLate):
        lifecycle.cancel(registration=registration, by=staff)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_endorsing_closes_when_the_workshop_starts(db):
    # Staff left the 2009 registration open, but the workshop has started: a focal point
    # endorses no more (staff may still confirm).
    workshop = WorkshopFactory(
        start_date=datetime.date(2009, 3, 25), end_date=datetime.date(2009, 3, 26)
    )
    registration = RegistrationFactory(workshop=workshop, status=Status.SUBMITTED)
    DelegationFactory(member_state=registration.delegate.member_state, workshop=workshop)
    focal_point = FocalPointFactory(member_state=registration.delegate.member_state).user

    with pytest.raises(TooLate):
        lifecycle.endorse(registration=registration, by=focal_point)

    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_cancel_refusal_names_the_start_date_in_the_users_format(staff):

    workshop = WorkshopFactory(
        start_date=datetime.date(2009, 3, 25), end_date=datetime.date(2009, 3, 26)
    )
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    with translation.override("en"), pytest.raises(TooLate, match="25 March 2009"):
        lifecycle.cancel(registration=registration, by=staff)


def test_attendance_cannot_be_recorded_before_the_workshop(staff, workshop):
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)

    with pytest.raises(TooEarly):
        lifecycle.mark_attended(registration=registration, by=staff)


def test_status_changes_are_audited_with_who_and_from_what(staff, workshop):
    registration = RegistrationFactory(workshop=workshop, status=Status.ENDORSED)
    lifecycle.confirm(registration=registration, by=staff)
    latest, previous = registration.history.all()[:2]
    assert (previous.status, latest.status) == (Status.ENDORSED, Status.CONFIRMED)
    assert latest.history_user == staff
