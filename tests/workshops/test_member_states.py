"""The membership as the data migration loads it from workshops/data/member_states_2009.csv."""

import pytest

from workshops.models import MemberState
from workshops.selectors import membership_counts

pytestmark = pytest.mark.django_db


def test_data_migration_loads_every_member_and_observer_state_of_2009():
    assert MemberState.objects.count() == 134
    counts = membership_counts()
    assert counts["members"] + counts["observers"] == 134
    assert counts["members"] > 100 and counts["observers"] > 0
    # Every row is complete: ISO code, name, status, region; the source is named.
    assert not MemberState.objects.filter(name="").exists()
    assert not MemberState.objects.filter(region="").exists()
    assert not MemberState.objects.filter(source="").exists()
    assert set(MemberState.objects.values_list("status", flat=True)) == {"member", "observer"}


def test_bangladesh_is_a_least_developed_asian_member_eligible_for_sponsorship():
    bangladesh = MemberState.objects.get(country="BD")
    assert bangladesh.name == "Bangladesh"
    assert bangladesh.country.name == "Bangladesh"
    assert bangladesh.status == MemberState.Status.MEMBER
    assert bangladesh.region == MemberState.Region.ASIA
    assert bangladesh.dac_category == MemberState.DacCategory.LDC
    assert bangladesh.admission_year == 1990
    assert bangladesh.is_sponsorship_eligible


def test_switzerland_is_a_european_member_not_on_the_dac_list():
    switzerland = MemberState.objects.get(country="CH")
    assert switzerland.region == MemberState.Region.EUROPE
    assert switzerland.dac_category == ""
    assert not switzerland.is_on_dac_list
    assert not switzerland.is_sponsorship_eligible


def test_staff_override_beats_the_dac_list_both_ways():
    switzerland = MemberState.objects.get(country="CH")
    switzerland.is_eligible_override = True
    assert switzerland.is_sponsorship_eligible
    mexico = MemberState.objects.get(country="MX")
    assert mexico.dac_category == MemberState.DacCategory.UMICT
    assert mexico.is_sponsorship_eligible
    mexico.is_eligible_override = False
    assert not mexico.is_sponsorship_eligible


def test_iso_codes_are_real_countries_and_unique():
    codes = list(MemberState.objects.values_list("country", flat=True))
    assert len(codes) == len(set(codes))
    nameless = [s.country.code for s in MemberState.objects.all() if not s.country.name]
    assert nameless == []
