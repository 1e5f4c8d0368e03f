"""The visa invitation letter: who may have it (the delegate; staff holding
view_passport_details; nobody by guessing its URL), what it says, read back from the PDF in
each language (the names as in the passport, the passport number, whether IOM covers the
travel), the reason shown when passport details are missing, and a new letter when the
passport changes."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from idm_portal.files.selectors import generated_file_for
from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import Sponsorship
from registrations.renderers import visa_letters as visa_renderers
from registrations.services import profiles
from tests.idm_portal.factories import DelegateFactory, SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.registrations.test_confirmation_letter import VENUE_IN_THE_SENTENCE
from tests.registrations.test_documents import pdf_text

pytestmark = pytest.mark.django_db

PASSPORT = "XK0042917"
VISA = visa_renderers.VISA_LETTER
Status = Registration.Status


@pytest.fixture
def visa_registration(workshop, state):
    profile = DelegateProfileFactory(
        member_state=state,
        given_names="Amina Wanjiru",
        family_name="Otieno",
        wants_visa_letter=True,
        passport_number=PASSPORT,
        nationality="KE",
        date_of_birth=datetime.date(1975, 6, 14),
        passport_expiry=datetime.date(2035, 1, 1),
        passport_entered_at=timezone.now(),
    )
    return RegistrationFactory(delegate=profile, workshop=workshop, status=Status.CONFIRMED)


def page_url(registration, language=None):
    path = reverse("registrations:visa_letter", kwargs={"pk": registration.pk})
    return f"{path}?language={language}" if language else path


def letter_row(registration, language="en") -> GeneratedFile:
    return generated_file_for(registration, VISA, language)


_on_commit = {}


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    _on_commit["capture"] = django_capture_on_commit_callbacks


def made_letter(client, registration, language="en") -> GeneratedFile:
    """The delegate opens the page; the letter is made once the request commits (Celery is
    eager in tests)."""
    client.force_login(registration.delegate.user)
    with _on_commit["capture"](execute=True):
        assert client.get(page_url(registration, language)).status_code == 200
    row = letter_row(registration, language)
    assert row is not None and row.has_file, row and row.error
    return row


def staff_with_passport_permission():
    staff = SecretariatStaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_passport_details"))
    return staff


# --- access -----------------------------------------------------------------------------------


def test_the_delegate_gets_the_letter_and_downloads_it(client, visa_registration):
    row = made_letter(client, visa_registration)

    page = client.get(page_url(visa_registration)).content.decode()
    assert row.get_download_url() in page
    response = client.get(row.get_download_url())
    assert response.status_code == 200
    assert PASSPORT in pdf_text(b"".join(response.streaming_content))


def test_another_delegate_gets_404_on_the_page_and_the_file(client, visa_registration):
    row = made_letter(client, visa_registration)
    client.force_login(DelegateFactory())

    assert client.get(page_url(visa_registration)).status_code == 404
    assert client.get(row.get_download_url()).status_code == 404


def test_staff_without_the_passport_permission_get_404(client, visa_registration):
    row = made_letter(client, visa_registration)
    staff = SecretariatStaffFactory()  # may see profiles, but not passport details
    assert staff.has_perm("registrations.view_delegateprofile")
    client.force_login(staff)

    assert client.get(row.get_download_url()).status_code == 404


def test_staff_with_the_passport_permission_download_it(client, visa_registration):
    row = made_letter(client, visa_registration)
    client.force_login(staff_with_passport_permission())

    assert client.get(row.get_download_url()).status_code == 200


def test_anonymous_visitors_go_to_login_and_never_get_the_file(client, visa_registration):
    row = made_letter(client, visa_registration)
    client.logout()

    response = client.get(page_url(visa_registration))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(row.get_download_url()).status_code == 404


def test_the_files_url_cannot_be_guessed(client, visa_registration):
    """The row's id is a counter; the file name's token is not, and a wrong name is a 404
    even for the letter's own delegate."""
    row = made_letter(client, visa_registration)
    guessed = reverse(
        "generated_file", kwargs={"pk": row.pk, "filename": f"visa-letter-en-{'0' * 20}.pdf"}
    )

    assert client.get(guessed).status_code == 404
    assert visa_renderers.common.private_token(VISA, visa_registration.pk) in row.filename


def test_the_delegate_loses_the_file_when_the_seat_is_cancelled(client, visa_registration):
    row = made_letter(client, visa_registration)
    Registration.objects.filter(pk=visa_registration.pk).update(status=Status.CANCELLED)

    assert client.get(row.get_download_url()).status_code == 404


def test_my_registrations_links_the_visa_letter_of_a_confirmed_seat(client, visa_registration):
    client.force_login(visa_registration.delegate.user)

    page = client.get(reverse("registrations:my_registrations")).content.decode()

    assert page_url(visa_registration) in page


# --- without passport details -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_no_visa_letter_without_passport_details_and_the_page_says_why(client, workshop, language):
    registration = RegistrationFactory(workshop=workshop, status=Status.CONFIRMED)
    client.force_login(registration.delegate.user)

    with translation.override(language):
        response = client.get(page_url(registration))
        reason = gettext(
            "A visa invitation letter needs your passport details, and your profile has none. "
            "Give them in your profile, then come back to this page."
        )
        profile_link = reverse("registrations:profile") + "#visa-letter"
    page = response.content.decode()

    assert response.status_code == 200
    assert escape(reason) in page
    assert profile_link in page
    assert not GeneratedFile.objects.filter(kind=VISA).exists()


def test_no_visa_letter_before_the_seat_is_confirmed(client, visa_registration):
    Registration.objects.filter(pk=visa_registration.pk).update(status=Status.SUBMITTED)
    client.force_login(visa_registration.delegate.user)

    page = client.get(page_url(visa_registration)).content.decode()

    assert 'data-reason="not_confirmed"' in page
    assert not GeneratedFile.objects.filter(kind=VISA).exists()


# --- what the letter says ---------------------------------------------------------------------

COVERED = (
    "IOM covers the participant's travel: an economy return airfare, a daily subsistence "
    "allowance for the nights of the workshop and of the journey, and terminal expenses."
)
NOT_COVERED = (
    "IOM does not cover the participant's travel or stay: they are borne by the participant's "
    "government or organization."
)


def sentence(msgid: str, language: str) -> str:
    """The start of the sentence as the letter prints it in `language` (the catalogues' text,
    with typographic apostrophes and French no-break spaces made plain as pdf_text reads)."""
    with translation.override(language):
        text = gettext(msgid)
    return " ".join(text.replace("'", "’").split()[:3])


def plain(text: str) -> str:
    # pypdf reads a line-initial "L’" as "L ’" (a gap it takes for a space): joined again.
    text = text.replace("'", "’").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).replace(" ’", "’")


def letter_text(registration, language) -> str:
    return pdf_text(visa_renderers.render_visa_letter(registration, language).content)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_letter_names_the_delegate_as_in_the_passport_without_sponsorship(
    visa_registration, language
):
    text = letter_text(visa_registration, language)

    assert "Amina Wanjiru OTIENO" in text
    assert PASSPORT in text
    assert "Kenya" in text
    assert sentence(NOT_COVERED, language) in plain(text)
    assert sentence(COVERED, language) not in plain(text)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("status", [Sponsorship.Status.APPROVED, Sponsorship.Status.TICKET_ISSUED])
def test_the_letter_says_iom_covers_the_travel_of_an_approved_sponsorship(
    visa_registration, language, status
):
    SponsorshipFactory(registration=visa_registration, status=status)

    text = letter_text(visa_registration, language)

    assert sentence(COVERED, language) in plain(text)
    assert PASSPORT in text


@pytest.mark.parametrize(
    "status",
    [Sponsorship.Status.REQUESTED, Sponsorship.Status.WAITLISTED, Sponsorship.Status.DECLINED],
)
def test_a_sponsorship_not_approved_does_not_cover_the_travel(visa_registration, status):
    SponsorshipFactory(registration=visa_registration, status=status)

    assert sentence(NOT_COVERED, "en") in plain(letter_text(visa_registration, "en"))


def test_the_page_offers_the_three_languages_and_defaults_to_the_delegates(
    client, visa_registration
):
    user = visa_registration.delegate.user
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)

    with _on_commit["capture"](execute=True):
        page = client.get(page_url(visa_registration)).content.decode()

    assert '<option value="es" lang="es" selected>' in page
    assert 'value="fr"' in page and 'value="en"' in page
    assert letter_row(visa_registration, "es").has_file
    assert letter_row(visa_registration, "en") is None
    made_letter(client, visa_registration, "fr")


# --- a passport change makes a new letter -----------------------------------------------------


def test_a_new_passport_makes_a_new_letter(client, visa_registration):
    first = made_letter(client, visa_registration)
    first_hash = first.input_hash
    profile = DelegateProfile.objects.get(pk=visa_registration.delegate_id)
    profiles.update_profile(profile=profile, data={"passport_number": "NEW998877"}, by=profile.user)
    # The old letter, showing the old number, went with the old details.
    assert letter_row(visa_registration) is None

    second = made_letter(client, visa_registration)

    assert second.input_hash != first_hash
    text = pdf_text(b"".join(client.get(second.get_download_url()).streaming_content))
    assert "NEW998877" in text and PASSPORT not in text


def test_the_stored_fingerprint_holds_no_passport_number(visa_registration):
    fingerprint = str(visa_renderers.visa_letter_fingerprint(visa_registration, "en"))

    assert PASSPORT not in fingerprint
    assert "1975" not in fingerprint


@pytest.mark.parametrize(("language", "named", "ungrammatical"), VENUE_IN_THE_SENTENCE)
def test_the_letter_names_the_venue_beside_the_dates(
    visa_registration, language, named, ungrammatical
):
    workshop = visa_registration.workshop
    workshop.venue = "Palais des Nations, Geneva"
    workshop.save()

    text = plain(letter_text(visa_registration, language))

    assert named in text
    assert ungrammatical not in text
