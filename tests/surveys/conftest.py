import pytest

from tests.registrations.factories import DelegateProfileFactory, FocalPointFactory
from tests.workshops.factories import MemberStateFactory


@pytest.fixture
def state(db):
    return MemberStateFactory()


@pytest.fixture
def focal_point(state):
    """A focal point of `state` (with a delegate profile, as focal points usually have)."""
    focal = FocalPointFactory(member_state=state)
    DelegateProfileFactory(user=focal.user, member_state=state)
    return focal


@pytest.fixture
def second_focal_point(state):
    return FocalPointFactory(member_state=state)
