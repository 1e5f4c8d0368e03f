"""Sponsorship approvals under real concurrency: needs PostgreSQL (SQLite has no row locks).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_test \\
        .venv/bin/pytest tests/registrations/test_sponsorship_concurrency.py
"""

import queue
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from funding.models.commitments import Commitment
from registrations.errors import RegistrationError
from registrations.models.sponsorships import Sponsorship
from registrations.services import sponsorships
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import SponsorshipFactory
from tests.registrations.sponsorship_helpers import TRIP, sponsorable
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://... to run it",
    ),
]

Status = Sponsorship.Status
# The machine's PostgreSQL takes 100 connections, shared: 40 threads, each with its own
# connection, take the 200 approvals as fast as they can.
THREADS = 40


def _approve_all_at_once(pks, staff) -> tuple[list[BaseException], list[RegistrationError]]:
    work: queue.Queue[int] = queue.Queue()
    for pk in pks:
        work.put(pk)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    refusals: list[RegistrationError] = []

    def worker():
        try:
            barrier.wait(timeout=60)
            while True:
                try:
                    pk = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    sponsorships.approve(sponsorship=Sponsorship.objects.get(pk=pk), by=staff)
                except RegistrationError as refusal:
                    refusals.append(refusal)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors, refusals


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_approvals_for_20_seats_and_funds_for_15_trips():
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(sponsored_seats=20, capacity=300)
    sponsorable(workshop, funds=TRIP * 15)
    requests = [
        SponsorshipFactory(
            registration__workshop=workshop,
            registration__delegate__member_state=MemberStateFactory(),
        )
        for _ in range(200)
    ]

    errors, refusals = _approve_all_at_once([r.pk for r in requests], staff)

    assert errors == []
    approved = Sponsorship.objects.filter(workshop=workshop, status=Status.APPROVED)
    assert approved.count() == 15
    assert len(refusals) == 185
    active = Commitment.objects.filter(workshop=workshop, released_at__isnull=True)
    assert active.count() == 15
    assert sum(c.amount for c in active) == sum(s.estimated_cost for s in approved)
    assert sum(c.amount for c in active) == TRIP * 15
    assert sorted(s.commitment_id for s in approved) == sorted(c.pk for c in active)


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_for_one_state_approve_one():
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(sponsored_seats=20, capacity=300)
    sponsorable(workshop, funds=TRIP * 20)
    state = MemberStateFactory()
    requests = SponsorshipFactory.create_batch(
        THREADS, registration__workshop=workshop, registration__delegate__member_state=state
    )

    errors, refusals = _approve_all_at_once([r.pk for r in requests], staff)

    assert errors == []
    assert Sponsorship.objects.filter(status=Status.APPROVED).count() == 1
    assert all("most per state" in str(refusal) for refusal in refusals)
    assert Commitment.objects.get().amount == Decimal("2500.00")
