"""Seats and sponsored seats under load: 20 rounds of 500 claims at once, 40 at a time (see
tests/concurrent_claims.py), by the services with their lock, by the same services without it
(the database's limits alone hold), and two controls that show each test can fail: without
lock nor limits, and with limits that count without locking the workshop first (READ
COMMITTED lets two transactions count the same free seat).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_test \\
        .venv/bin/pytest tests/registrations/test_overbooking_repeated.py
"""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from funding.errors import FundingError
from funding.models.commitments import Commitment
from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.services import lifecycle, sponsorships
from tests.concurrent_claims import (
    CLAIMS,
    DATABASE_ALONE_ROUNDS,
    ROUNDS,
    claim_at_once,
    limits_counting_without_lock,
    needs_postgresql,
    triggers_disabled,
    without_row_locks,
)
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import (
    DelegationFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.registrations.sponsorship_helpers import TRIP, sponsorable
from tests.workshops.factories import MemberStateFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = needs_postgresql

Status = Registration.Status
MIGRATION = "registrations.migrations.0013_seat_limits_in_the_database"
CAPACITY, STATE_CAP, FROM_CAPPED_STATE = 10, 3, 60

# --- seats ----------------------------------------------------------------------------------


@pytest.fixture
def waitlist():
    """A workshop of 10 seats and 500 waitlisted delegates, 60 of them from a state capped at
    3 seats; staff confirm them all at once (confirm takes a seat, or leaves them waitlisted)."""
    workshop = WorkshopFactory(capacity=CAPACITY, sponsored_seats=0)
    capped = DelegationFactory(workshop=workshop, member_state=MemberStateFactory(), cap=STATE_CAP)
    RegistrationFactory.create_batch(
        FROM_CAPPED_STATE,
        workshop=workshop,
        delegate__member_state=capped.member_state,
        status=Status.WAITLISTED,
    )
    RegistrationFactory.create_batch(
        CLAIMS - FROM_CAPPED_STATE, workshop=workshop, status=Status.WAITLISTED
    )
    return workshop, capped, SecretariatStaffFactory()


def _confirm_round(workshop, staff):
    """Everyone back on the waitlist, then 500 confirmations at once; the seats taken."""
    Registration.objects.filter(workshop=workshop).update(
        status=Status.WAITLISTED, confirmed_at=None
    )
    pks = list(Registration.objects.filter(workshop=workshop).values_list("pk", flat=True))
    random.shuffle(pks)
    claims = [
        lambda pk=pk: lifecycle.confirm(registration=Registration.objects.get(pk=pk), by=staff)
        for pk in pks
    ]
    outcome = claim_at_once(claims, refusals=(RegistrationError,))
    assert outcome.errors == []
    assert outcome.refused == []  # a full workshop waitlists, it does not refuse
    seats = Registration.objects.filter(workshop=workshop, status__in=Registration.SEAT_STATUSES)
    by_delegation = dict(
        seats.values("delegation").annotate(n=Count("pk")).values_list("delegation", "n")
    )
    return seats.count(), by_delegation


def _assert_never_overbooked(waitlist, rounds):
    workshop, capped, staff = waitlist
    for number in range(rounds):
        taken, by_delegation = _confirm_round(workshop, staff)
        assert taken == CAPACITY, f"round {number + 1}: {taken} seats taken of {CAPACITY}"
        assert by_delegation.get(capped.pk, 0) <= STATE_CAP, f"round {number + 1}"


def _overbooks(waitlist) -> tuple[bool, list]:
    """Rounds until one overbooks (at most 20): whether one did, and what each took."""
    workshop, capped, staff = waitlist
    seen = []
    for _ in range(ROUNDS):
        taken, by_delegation = _confirm_round(workshop, staff)
        seen.append((taken, by_delegation.get(capped.pk, 0)))
        if taken > CAPACITY or by_delegation.get(capped.pk, 0) > STATE_CAP:
            return True, seen
    return False, seen


@pytest.mark.django_db(transaction=True)
def test_500_confirmations_at_once_twenty_times_never_overbook_and_the_controls_do(waitlist):
    """One set of 500 delegates (made once: it takes longer than a round), four ways."""
    _assert_never_overbooked(waitlist, ROUNDS)  # the services, with their lock
    with without_row_locks():
        _assert_never_overbooked(waitlist, DATABASE_ALONE_ROUNDS)  # the database alone

    with (
        without_row_locks(),
        triggers_disabled(("registrations_registration", "registration_seat_limits")),
    ):
        overbooked, seen = _overbooks(waitlist)
    assert overbooked, f"without lock nor limit, (seats, the capped state's) per round: {seen}"

    with without_row_locks(), limits_counting_without_lock(MIGRATION):
        overbooked, seen = _overbooks(waitlist)
    assert overbooked, f"a limit without its lock, (seats, the capped state's): {seen}"


# --- sponsored seats and their money --------------------------------------------------------

FUNDED_TRIPS = 15
# Odd rounds: 20 sponsored seats, the money (15 trips) runs out first; even rounds: 12 seats.
SEATS_BY_ROUND = (20, 12)


@pytest.fixture
def requests():
    """500 requests from 250 states (two each, one sponsored per state) to a workshop funded
    for 15 trips."""
    workshop = WorkshopFactory(sponsored_seats=20, capacity=600)
    sponsorable(workshop, funds=TRIP * FUNDED_TRIPS)
    for _ in range(CLAIMS // 2):
        state = MemberStateFactory()
        SponsorshipFactory.create_batch(
            2, registration__workshop=workshop, registration__delegate__member_state=state
        )
    return workshop, SecretariatStaffFactory()


def _approve_round(workshop, staff, seats):
    Commitment.objects.filter(workshop=workshop, released_at__isnull=True).update(
        released_at="2000-01-01T00:00Z"
    )
    Sponsorship.objects.filter(workshop=workshop).update(
        status=Sponsorship.Status.REQUESTED, commitment=None, decided_at=None
    )
    Workshop.objects.filter(pk=workshop.pk).update(sponsored_seats=seats)
    pks = list(Sponsorship.objects.filter(workshop=workshop).values_list("pk", flat=True))
    random.shuffle(pks)
    claims = [
        lambda pk=pk: sponsorships.approve(
            sponsorship=Sponsorship(pk=pk, workshop_id=workshop.pk), by=staff
        )
        for pk in pks
    ]
    outcome = claim_at_once(claims, refusals=(RegistrationError, FundingError))
    assert outcome.errors == []
    approved = Sponsorship.objects.filter(workshop=workshop, status__in=Sponsorship.SEAT_STATUSES)
    per_state = (
        approved.values("registration__delegate__member_state")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
        or 0
    )
    money = sum(
        Commitment.objects.filter(workshop=workshop, released_at__isnull=True).values_list(
            "amount", flat=True
        ),
        0,
    )
    return approved.count(), per_state, money, len(outcome.refused)


def _assert_never_overbooked_nor_overspent(workshop, staff, rounds=ROUNDS):
    for number in range(rounds):
        seats = SEATS_BY_ROUND[number % 2]
        approved, per_state, money, refused = _approve_round(workshop, staff, seats)
        expected = min(seats, FUNDED_TRIPS)
        where = f"round {number + 1}"
        assert (approved, per_state, money) == (expected, 1, TRIP * expected), where
        assert refused == CLAIMS - expected, where


@pytest.mark.django_db(transaction=True)
def test_500_approvals_at_once_twenty_times_never_overbook_and_the_control_does(requests):
    """One set of 500 requests (made once: it takes longer than a round), three ways."""
    workshop, staff = requests
    _assert_never_overbooked_nor_overspent(workshop, staff)  # the services, with their lock
    with without_row_locks():  # the database alone
        _assert_never_overbooked_nor_overspent(workshop, staff, DATABASE_ALONE_ROUNDS)

    seen, overbooked = [], False
    with (
        without_row_locks(),
        triggers_disabled(
            ("registrations_sponsorship", "sponsorship_seat_limits"),
            ("funding_commitment", "commitment_within_line"),
            ("funding_commitment", "commitment_ledger"),
        ),
    ):
        for number in range(ROUNDS):
            seats = SEATS_BY_ROUND[number % 2]
            approved, per_state, money, _ = _approve_round(workshop, staff, seats)
            seen.append((approved, per_state, money))
            if approved > min(seats, FUNDED_TRIPS) or per_state > 1:
                overbooked = True
                break
    assert overbooked, f"(approved, most per state, money) per round: {seen}"
