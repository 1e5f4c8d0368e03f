"""Capacity under real concurrency: needs PostgreSQL (SQLite has no row locks and one writer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_helperd \
        .venv/bin/pytest tests/registrations/test_concurrency.py
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from registrations import services
from registrations.models import Registration
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import DelegationFactory, RegistrationFactory
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://... to run it",
    ),
]

Status = Registration.Status


def _confirm_all_at_once(registrations, staff) -> list[BaseException]:
    barrier = threading.Barrier(len(registrations))
    errors: list[BaseException] = []

    def worker(pk):
        try:
            registration = Registration.objects.get(pk=pk)
            barrier.wait(timeout=30)
            services.confirm(registration=registration, by=staff)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r.pk,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_confirmations_for_ten_seats():
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(capacity=10, sponsored_seats=0)
    registrations = RegistrationFactory.create_batch(50, workshop=workshop, status=Status.ENDORSED)

    errors = _confirm_all_at_once(registrations, staff)

    assert errors == []
    statuses = list(Registration.objects.filter(workshop=workshop).values_list("status", flat=True))
    assert statuses.count(Status.CONFIRMED) == 10
    assert statuses.count(Status.WAITLISTED) == 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_respect_the_state_cap():
    staff = SecretariatStaffFactory()
    workshop = WorkshopFactory(capacity=100, sponsored_seats=0)
    state = MemberStateFactory()
    DelegationFactory(member_state=state, workshop=workshop, cap=3)
    registrations = RegistrationFactory.create_batch(
        12, workshop=workshop, delegate__member_state=state, status=Status.ENDORSED
    )

    errors = _confirm_all_at_once(registrations, staff)

    assert errors == []
    confirmed = Registration.objects.filter(workshop=workshop, status=Status.CONFIRMED).count()
    assert confirmed == 3
