"""Eligibility for travel sponsorship: each rule alone, and together (one table of cases)."""

import pytest

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import Sponsorship, SponsorshipEligibilityOverride
from registrations.selectors import sponsorships as sponsorship_selectors
from tests.registrations.factories import (
    RegistrationFactory,
    SponsorshipFactory,
    SponsorshipSettingsFactory,
)
from tests.workshops.factories import MemberStateFactory

Status = Registration.Status

NOT_ELIGIBLE = "state_not_eligible"

# (case, state on the DAC list, state override, workshop override, based in, endorsed,
#  approved already for the state, expected reasons)
CASES = [
    ("all rules met", "ldc", None, None, "capital", True, 0, []),
    ("not on the DAC list", "", None, None, "capital", True, 0, [NOT_ELIGIBLE]),
    ("state override yes", "", True, None, "capital", True, 0, []),
    ("state override no", "ldc", False, None, "capital", True, 0, [NOT_ELIGIBLE]),
    ("workshop override yes over DAC", "", None, True, "capital", True, 0, []),
    (
        "workshop override no over DAC",
        "ldc",
        None,
        False,
        "capital",
        True,
        0,
        ["state_not_eligible"],
    ),
    (
        "workshop override beats state",
        "ldc",
        True,
        False,
        "capital",
        True,
        0,
        ["state_not_eligible"],
    ),
    ("at the Permanent Mission", "ldc", None, None, "mission", True, 0, ["not_in_capital"]),
    ("not endorsed", "ldc", None, None, "capital", False, 0, ["not_endorsed"]),
    ("state already has one", "ldc", None, None, "capital", True, 1, ["state_quota_full"]),
    (
        "everything wrong",
        "",
        None,
        None,
        "mission",
        False,
        1,
        ["state_not_eligible", "not_in_capital", "not_endorsed", "state_quota_full"],
    ),
]


@pytest.mark.parametrize(
    "dac,state_override,workshop_override,based_in,endorsed,approved,expected",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_eligibility_rules(
    db, workshop, dac, state_override, workshop_override, based_in, endorsed, approved, expected
):
    SponsorshipSettingsFactory(workshop=workshop)
    state = MemberStateFactory(dac_category=dac, is_eligible_override=state_override)
    if workshop_override is not None:
        SponsorshipEligibilityOverride.objects.create(
            workshop=workshop, member_state=state, eligible=workshop_override, reason="Decided"
        )
    for _ in range(approved):
        SponsorshipFactory(
            registration__workshop=workshop,
            registration__delegate__member_state=state,
            status=Sponsorship.Status.APPROVED,
        )
    registration = RegistrationFactory(
        workshop=workshop,
        delegate__member_state=state,
        delegate__based_in=based_in,
        status=Status.ENDORSED if endorsed else Status.SUBMITTED,
    )

    verdict = sponsorship_selectors.eligibility(registration)

    assert verdict.codes == expected
    assert verdict.is_eligible == (expected == [])


def test_confirmed_after_endorsement_stays_endorsed(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop, status=Status.ENDORSED)
    registration.status = Status.CONFIRMED
    registration.save()
    assert sponsorship_selectors.eligibility(registration).is_eligible


def test_confirmed_without_endorsement_is_not_endorsed(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    assert sponsorship_selectors.eligibility(registration).codes == ["not_endorsed"]


def test_max_per_state_of_two_lets_a_second_one(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop, max_sponsored_per_state=2)
    state = MemberStateFactory()
    SponsorshipFactory(
        registration__workshop=workshop,
        registration__delegate__member_state=state,
        status=Sponsorship.Status.APPROVED,
    )
    registration = RegistrationFactory(
        workshop=workshop, delegate__member_state=state, status=Status.ENDORSED
    )
    assert sponsorship_selectors.eligibility(registration).is_eligible


def test_declined_sponsorship_of_the_state_does_not_count(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop)
    state = MemberStateFactory()
    SponsorshipFactory(
        registration__workshop=workshop,
        registration__delegate__member_state=state,
        status=Sponsorship.Status.DECLINED,
    )
    registration = RegistrationFactory(
        workshop=workshop, delegate__member_state=state, status=Status.ENDORSED
    )
    assert sponsorship_selectors.eligibility(registration).is_eligible


def test_organisations_and_closed_workshops_are_not_eligible(db, workshop):
    registration = RegistrationFactory(workshop=workshop, delegate__organization=True)
    codes = sponsorship_selectors.eligibility(registration).codes
    assert "no_sponsorship" in codes  # no settings yet
    assert "not_member_state" in codes


def test_cancelled_registration_is_not_eligible(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop, status=Status.CANCELLED)
    assert "registration_inactive" in sponsorship_selectors.eligibility(registration).codes


def test_reasons_read_in_the_delegates_words(db, workshop):
    SponsorshipSettingsFactory(workshop=workshop)
    registration = RegistrationFactory(
        workshop=workshop,
        delegate__based_in=DelegateProfile.BasedIn.PERMANENT_MISSION,
        status=Status.ENDORSED,
    )
    (reason,) = sponsorship_selectors.eligibility(registration).reasons
    assert "Permanent Mission" in reason.message
    assert reason.final
