"""The database's own seat limits (registrations/migrations/0013): a row written past the
services (raw SQL, or a service that forgot its count) cannot take a seat past the workshop's
capacity, the state's cap, the sponsored seats or the most per state; the services turn the
refusal into their usual outcome, never a 500."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from funding.models.commitments import Commitment
from idm_portal.db_limits import violated_limit
from registrations.errors import SeatsFull, SponsoredSeatsFull
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import lifecycle, sponsorships
from tests.concurrent_claims import needs_postgresql
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.registrations.sponsorship_helpers import TRIP, sponsorable
from tests.workshops.factories import MemberStateFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = needs_postgresql

Status = Registration.Status


def _refused_by(sql: str, params: list) -> str | None:
    """Run one statement; the name of the limit that refused it (None: it passed)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        return violated_limit(error)
    return None


def _copy_registration(registration, **overrides) -> tuple[str, list]:
    """An INSERT of a new registration like `registration`, with some columns changed."""
    columns = [f.column for f in Registration._meta.concrete_fields if f.column != "id"]
    select = ", ".join("%s" if column in overrides else column for column in columns)
    params = [overrides[column] for column in columns if column in overrides]
    # Column names come from the model, never from input.
    sql = "INSERT INTO registrations_registration ({}) SELECT {} FROM {} WHERE id = %s".format(  # noqa: S608
        ", ".join(columns), select, "registrations_registration"
    )
    return sql, [*params, registration.pk]


@pytest.mark.django_db
def test_raw_sql_cannot_confirm_past_the_capacity():
    workshop = WorkshopFactory(capacity=2, sponsored_seats=0)
    RegistrationFactory.create_batch(2, workshop=workshop, status=Status.CONFIRMED)
    third = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)

    refused = _refused_by(
        "UPDATE registrations_registration SET status = 'confirmed' WHERE id = %s", [third.pk]
    )
    sql, params = _copy_registration(
        third, delegate_id=DelegateProfileFactory().pk, status=Status.ATTENDED
    )

    assert refused == "registration_seats_within_capacity"
    assert _refused_by(sql, params) == "registration_seats_within_capacity"
    assert Registration.objects.filter(status__in=Registration.SEAT_STATUSES).count() == 2


@pytest.mark.django_db
def test_raw_sql_cannot_confirm_past_the_state_cap_but_a_seated_row_may_change():
    workshop = WorkshopFactory(capacity=10, sponsored_seats=0)
    state = MemberStateFactory()
    DelegationFactory(workshop=workshop, member_state=state, cap=1)
    seated, other = RegistrationFactory.create_batch(
        2, workshop=workshop, delegate__member_state=state, status=Status.ENDORSED
    )
    Registration.objects.filter(pk=seated.pk).update(status=Status.CONFIRMED)

    refused = _refused_by(
        "UPDATE registrations_registration SET status = 'confirmed' WHERE id = %s", [other.pk]
    )
    Workshop.objects.filter(pk=workshop.pk).update(capacity=0)
    # Attendance of a seat already held takes no new seat: allowed even past a lowered limit.
    attended = _refused_by(
        "UPDATE registrations_registration SET status = 'attended' WHERE id = %s", [seated.pk]
    )

    assert refused == "registration_seats_within_state_cap"
    assert attended is None


@pytest.mark.django_db
def test_a_confirmation_that_miscounts_the_seats_still_waitlists(monkeypatch):
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(capacity=1, sponsored_seats=0)
    RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    late = RegistrationFactory(workshop=workshop, status=Status.ENDORSED)
    monkeypatch.setattr(lifecycle, "_has_room", lambda workshop, registration: True)

    lifecycle.confirm(registration=late, by=staff)

    late.refresh_from_db()
    assert late.status == Status.WAITLISTED
    assert late.confirmed_at is None
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_a_seat_offer_taken_when_the_database_counts_no_seat_says_so():
    workshop = WorkshopFactory(capacity=1, sponsored_seats=0)
    RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    waiting = RegistrationFactory(workshop=workshop, status=Status.WAITLISTED)
    Registration.objects.filter(pk=waiting.pk).update(
        offer_expires_at="2999-01-01T00:00Z"
    )  # an offer made past the services: no seat is free for it

    with pytest.raises(SeatsFull) as refused:
        lifecycle.accept_offer(registration=waiting, by=waiting.delegate.user)

    assert str(refused.value) == "Every seat of this workshop is taken."
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


# --- sponsored seats ------------------------------------------------------------------------


@pytest.mark.django_db
def test_raw_sql_cannot_approve_past_the_sponsored_seats_nor_the_most_per_state():
    workshop = WorkshopFactory(sponsored_seats=2, capacity=50)
    state = MemberStateFactory()
    first, same_state = SponsorshipFactory.create_batch(
        2, registration__workshop=workshop, registration__delegate__member_state=state
    )
    others = SponsorshipFactory.create_batch(2, registration__workshop=workshop)
    approve = "UPDATE registrations_sponsorship SET status = 'approved' WHERE id = %s"

    assert _refused_by(approve, [first.pk]) is None
    assert _refused_by(approve, [same_state.pk]) == "sponsorship_per_state_within_max"
    assert _refused_by(approve, [others[0].pk]) is None
    assert _refused_by(approve, [others[1].pk]) == "sponsorship_seats_within_sponsored_seats"
    assert Sponsorship.objects.filter(status=Sponsorship.Status.APPROVED).count() == 2


@pytest.mark.django_db
def test_an_approval_that_miscounts_the_sponsored_seats_is_refused_in_its_words(monkeypatch):
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(sponsored_seats=1, capacity=50)
    sponsorable(workshop, funds=TRIP * 5)
    taken, late = SponsorshipFactory.create_batch(2, registration__workshop=workshop)
    sponsorships.approve(sponsorship=taken, by=staff)
    monkeypatch.setattr(sponsorship_selectors, "seats_taken", lambda workshop: 0)

    with pytest.raises(SponsoredSeatsFull) as refused:
        sponsorships.approve(sponsorship=late, by=staff)

    assert str(refused.value) == "All 1 sponsored seats of this workshop are taken."
    late.refresh_from_db()
    assert late.status == Sponsorship.Status.REQUESTED
    assert Commitment.objects.filter(released_at__isnull=True).count() == 1  # its own, undone
