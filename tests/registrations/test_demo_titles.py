"""Demo people whose titles agree with who they are: no "Mr Fatima", no "Ms Kwame"."""

from django.core.management import call_command

from registrations.demo import GIVEN
from registrations.models.profiles import DelegateProfile

Title, Gender = DelegateProfile.Title, DelegateProfile.Gender
TITLES_OF = {
    Gender.FEMALE: {Title.MS, Title.MRS, Title.DR, Title.PROF, Title.HE},
    Gender.MALE: {Title.MR, Title.DR, Title.PROF, Title.HE},
    Gender.UNDISCLOSED: {Title.DR, Title.PROF, Title.HE},
}
WOMEN = {"Amina", "Mei", "Olga", "Sofia", "Fatima", "Lucia", "Dina", "Wanjiru"}
MEN = {"Carlos", "Kwame", "Ravi", "Jean", "Brian"}


def test_every_demo_delegate_has_a_title_that_agrees_with_their_gender(db):
    call_command("load_demo")
    profiles = list(DelegateProfile.objects.all())
    assert len(profiles) >= 30

    disagree = [
        f"{profile.get_title_display()} {profile.given_names} ({profile.gender})"
        for profile in profiles
        if profile.title not in TITLES_OF[profile.gender]
        or (profile.given_names in WOMEN and profile.gender == Gender.MALE)
        or (profile.given_names in MEN and profile.gender == Gender.FEMALE)
    ]
    assert disagree == []
    # Both titles that say a gender are used, each with the right people.
    assert {p.given_names for p in profiles if p.title == Title.MR} <= MEN
    assert {p.given_names for p in profiles if p.title in (Title.MS, Title.MRS)} <= WOMEN


def test_the_demo_names_are_all_known_to_be_women_or_men():
    assert {name for name, _gender in GIVEN} == (WOMEN | MEN) - {"Dina", "Wanjiru", "Brian"}
