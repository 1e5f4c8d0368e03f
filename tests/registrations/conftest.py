import datetime

import pytest
from django.utils import timezone

from tests.idm_portal.factories import DelegateFactory, SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
)
from tests.workshops.factories import MemberStateFactory, WorkshopFactory


@pytest.fixture
def staff(db):
    return SecretariatStaffFactory()


@pytest.fixture
def workshop(db):
    """An open workshop a month from now."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    return WorkshopFactory(start_date=start, end_date=start + datetime.timedelta(days=1))


@pytest.fixture
def state(db):
    return MemberStateFactory(name="Kenya")


@pytest.fixture
def focal_point(state):
    return FocalPointFactory(member_state=state).user


@pytest.fixture
def delegation(state, workshop):
    return DelegationFactory(member_state=state, workshop=workshop)


@pytest.fixture
def delegate(state):
    return DelegateProfileFactory(member_state=state)


@pytest.fixture
def other_user(db):
    return DelegateFactory()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each test makes several users; PBKDF2 would make this module slow on 2 shared cores.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
