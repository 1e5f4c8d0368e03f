"""Capacity and double submits under real concurrency: needs PostgreSQL (SQLite has no row
locks and one writer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_test \
        .venv/bin/pytest tests/registrations/test_concurrency.py
"""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from idm_portal.models import User
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.services import invitations, lifecycle
from tests.idm_portal.factories import DelegateFactory, SecretariatStaffFactory
from tests.registrations.factories import (
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
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
            lifecycle.confirm(registration=registration, by=staff)
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


# --- double submits: the same form sent ten times at once -----------------------------------


def _post_at_once(count: int, user, path: str, data: dict) -> tuple[list, list[BaseException]]:
    """POST `data` to `path` from `count` signed-in browsers at the same moment; any exception
    (a 500) is returned, not raised."""
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(count)
    responses: list = []
    errors: list[BaseException] = []

    def worker(client):
        try:
            barrier.wait(timeout=30)
            responses.append(client.post(path, data))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses, errors


def _open_workshop():
    start = timezone.localdate() + datetime.timedelta(days=30)
    return WorkshopFactory(start_date=start, end_date=start + datetime.timedelta(days=1))


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_first_registrations_make_one_profile_and_one_registration():
    user = DelegateFactory()
    state = MemberStateFactory()
    workshop = _open_workshop()
    data = {
        "title": "dr",
        "family_name": "Mwangi",
        "given_names": "Grace",
        "participant_type": "member_state",
        "member_state": str(state.pk),
        "position": "Director",
        "institution": "Ministry of Interior",
        "based_in": "capital",
        "role": "delegate",
        "submission": "one-form",
    }
    with translation.override("en"):
        path = reverse("registrations:register", args=[workshop.slug])
        done = reverse("registrations:my_registrations")

    responses, errors = _post_at_once(10, user, path, data)

    assert errors == []
    assert len(responses) == 10
    for response in responses:
        if response.status_code == 302:
            assert response["Location"] == done
        else:
            assert response.status_code == 400
            assert "You are already registered for this workshop." in response.content.decode()
    assert [r.status_code for r in responses].count(302) >= 1
    assert DelegateProfile.objects.filter(user=user).count() == 1
    assert Registration.objects.filter(delegate__user=user, workshop=workshop).count() == 1


@pytest.mark.parametrize("has_account", [False, True], ids=["new address", "existing account"])
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_invitations_of_one_address_make_one_invitation_and_account(
    has_account,
):
    focal_point = FocalPointFactory().user
    workshop = _open_workshop()
    if has_account:  # then nothing serialises the submits before the invitation's insert
        DelegateFactory(email="new.delegate@example.org")
    data = {
        "email": "new.delegate@example.org",
        "role": "adviser",
        "title": "dr",
        "family_name": "Otieno",
        "given_names": "Grace",
        "position": "Director",
        "institution": "Department of Immigration",
        "based_in": "capital",
        "preferred_language": "en",
        "submission": "one-form",
    }
    with translation.override("en"):
        path = reverse("registrations:delegation_register", args=[workshop.slug])
        board = reverse("registrations:delegation_board", args=[workshop.slug])

    responses, errors = _post_at_once(10, focal_point, path, data)

    assert errors == []
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, board)] * 10
    assert DelegateInvitation.objects.filter(DelegateInvitation.PENDING).count() == 1
    assert User.objects.filter(email__iexact="new.delegate@example.org").count() == 1
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_acceptances_make_one_registration():
    focal_point = FocalPointFactory().user
    workshop = _open_workshop()
    user = DelegateFactory(email="invited@example.org")
    invitation = invitations.invite_delegate(
        by=focal_point,
        email=user.email,
        workshop=workshop,
        profile={"title": "dr", "family_name": "Otieno", "given_names": "Grace"},
    )
    token = invitations.issue_token(invitation_pk=invitation.pk)
    with translation.override("en"):
        path = reverse("registrations:invitation", args=[token])
    data = {
        "title": "dr",
        "family_name": "Otieno",
        "given_names": "Grace",
        "position": "Director",
        "institution": "Department of Immigration",
        "based_in": "capital",
    }

    responses, errors = _post_at_once(10, user, path, data)

    assert errors == []
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [400] * 9
    for response in responses:
        if response.status_code == 400:
            page = response.content.decode()
            assert (
                "This invitation has already been accepted." in page
                or "You are already registered for this workshop." in page
            )
    assert DelegateProfile.objects.filter(user=user).count() == 1
    registration = Registration.objects.get()
    assert registration.status == Status.ENDORSED
