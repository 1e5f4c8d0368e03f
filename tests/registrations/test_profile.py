"""The delegate's profile page and the passport details a visa letter needs: who sees them,
how bad input is answered, and their erasure a set time after the last workshop."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.views.debug import SafeExceptionReporterFilter

from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.models.profiles import PASSPORT_FIELDS, DelegateProfile
from registrations.services import profiles
from registrations.tasks import erase_expired_passport_details
from tests.idm_portal.date_parts import with_date_parts
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status
PASSPORT = "XK0042917"


def url(language="en"):
    with translation.override(language):
        return reverse("registrations:profile")


def workshop_ending(days_from_today: int):
    end = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return WorkshopFactory(start_date=end - datetime.timedelta(days=1), end_date=end)


def form_data(profile: DelegateProfile, **overrides) -> dict:
    data = {
        "title": profile.title,
        "family_name": profile.family_name,
        "given_names": profile.given_names,
        "gender": profile.gender,
        "participant_type": profile.participant_type,
        "member_state": str(profile.member_state_id or ""),
        "organisation": profile.organisation,
        "position": profile.position,
        "institution": profile.institution,
        "based_in": profile.based_in,
        "work_phone": profile.work_phone,
        "accessibility_needs": "",
        "dietary_needs": "",
        "consent_to_public_listing": "on",
        "preferred_language": profile.user.preferred_language,
        "passport_number": "",
        "nationality": "",
        "date_of_birth": "",
        "passport_expiry": "",
    }
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    # The dates are posted as the page's day, month and year.
    return with_date_parts(data, "date_of_birth", "passport_expiry")


def with_passport(profile: DelegateProfile, **overrides) -> dict:
    expiry = timezone.localdate() + datetime.timedelta(days=3 * 365)
    passport = {
        "wants_visa_letter": "on",
        "passport_number": PASSPORT,
        "nationality": "KE",
        "date_of_birth": "1975-06-14",
        "passport_expiry": expiry.isoformat(),
    }
    return form_data(profile, **{**passport, **overrides})


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate.user)
    return client


# --- The page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Visa invitation letter"),
        ("fr", "Lettre d’invitation"),
        ("es", "Carta de invitación"),
    ],
)
def test_profile_page_renders_in_each_language(delegate_client, delegate, language, heading):
    response = delegate_client.get(url(language))
    assert response.status_code == 200
    assert heading in response.content.decode()
    assert delegate.family_name in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_without_a_profile_is_sent_to_their_registrations(client, other_user):
    client.force_login(other_user)
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("registrations:my_registrations"))


def test_delegate_saves_passport_details_for_a_visa_letter(delegate_client, delegate):
    response = delegate_client.post(url(), with_passport(delegate, position="Deputy Director"))

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.wants_visa_letter
    assert delegate.passport_number == PASSPORT
    assert delegate.nationality.code == "KE"
    assert delegate.position == "Deputy Director"


def test_visa_letter_without_passport_details_is_refused_next_to_each_field(
    delegate_client, delegate
):
    data = form_data(delegate, wants_visa_letter="on", position="Typed position")
    response = delegate_client.post(url(), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give your passport number for the visa letter." in page
    assert 'id="id_passport_number_error"' in page
    assert 'value="Typed position"' in page  # nothing typed is lost
    delegate.refresh_from_db()
    assert delegate.position != "Typed position"  # and nothing half-saved


def test_visa_letter_errors_come_in_the_users_language(delegate_client, delegate):
    response = delegate_client.post(url("fr"), form_data(delegate, wants_visa_letter="on"))
    assert response.status_code == 400
    assert "Give your passport number" not in response.content.decode()


def test_an_expired_passport_is_refused(delegate_client, delegate):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = delegate_client.post(
        url(), with_passport(delegate, passport_expiry=yesterday.isoformat())
    )
    assert response.status_code == 400
    assert "This passport has expired" in response.content.decode()


def test_a_passport_expiring_before_the_workshop_ends_is_refused(delegate_client, delegate):
    workshop = workshop_ending(60)
    RegistrationFactory(delegate=delegate, workshop=workshop, status=Status.CONFIRMED)
    expiry = workshop.end_date - datetime.timedelta(days=1)

    response = delegate_client.post(
        url(), with_passport(delegate, passport_expiry=expiry.isoformat())
    )

    assert response.status_code == 400
    assert "expires before your workshop ends" in response.content.decode()


def test_unticking_the_visa_letter_removes_the_passport_details(delegate_client, delegate):
    delegate_client.post(url(), with_passport(delegate))
    response = delegate_client.post(url(), form_data(delegate))  # box unticked

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert not delegate.wants_visa_letter
    assert [getattr(delegate, f) for f in PASSPORT_FIELDS] == ["", "", None, None]


def test_whom_a_delegate_represents_is_fixed_while_a_registration_is_live(
    delegate_client, delegate
):
    RegistrationFactory(delegate=delegate, workshop=workshop_ending(30), status=Status.SUBMITTED)
    elsewhere = MemberStateFactory(name="Elsewhere")

    page = delegate_client.get(url()).content.decode()
    response = delegate_client.post(url(), form_data(delegate, member_state=str(elsewhere.pk)))

    assert 'name="member_state"' in page and "disabled" in page.split('name="member_state"')[1][:80]
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.member_state.name != "Elsewhere"


def test_service_refuses_a_change_of_state_with_a_live_registration(delegate):
    RegistrationFactory(delegate=delegate, workshop=workshop_ending(30), status=Status.SUBMITTED)
    elsewhere = MemberStateFactory(name="Elsewhere")
    with pytest.raises(RegistrationError, match="cancel it"):
        profiles.update_profile(
            profile=delegate, data={"member_state": elsewhere}, by=delegate.user
        )


def test_another_user_cannot_change_a_profile_through_the_service(delegate, other_user):
    with pytest.raises(RegistrationError):
        profiles.update_profile(profile=delegate, data={"position": "X"}, by=other_user)
    delegate.refresh_from_db()
    assert delegate.position != "X"


def test_the_page_edits_only_the_signed_in_delegates_own_profile(client, delegate):
    someone = DelegateProfileFactory(position="Ambassador")
    client.force_login(delegate.user)
    client.post(url(), form_data(delegate, position="Changed"))

    someone.refresh_from_db()
    assert someone.position == "Ambassador"
    assert DelegateProfile.objects.get(pk=delegate.pk).position == "Changed"


def test_profile_page_query_count_does_not_grow_with_registrations(
    delegate_client, delegate, django_assert_max_num_queries
):
    RegistrationFactory(delegate=delegate, workshop=workshop_ending(30))
    with django_assert_max_num_queries(8) as few:
        delegate_client.get(url())
    for _ in range(10):
        RegistrationFactory(delegate=delegate, workshop=workshop_ending(40))
    with django_assert_max_num_queries(len(few.captured_queries)):
        delegate_client.get(url())


# --- Passport details stay out of logs and error reports ------------------------------------


def test_passport_details_never_reach_the_logs(delegate_client, delegate, settings, caplog):
    settings.DEBUG = True  # SQL with its parameters would be logged at DEBUG level
    caplog.set_level(logging.DEBUG)
    delegate_client.post(url(), with_passport(delegate))
    delegate_client.post(url(), with_passport(delegate, passport_expiry="2001-01-01"))
    delegate_client.get(url())
    erase_expired_passport_details.delay()

    assert DelegateProfile.objects.get(pk=delegate.pk).passport_number == PASSPORT
    assert caplog.records  # the run did log
    assert PASSPORT not in caplog.text
    assert "1975-06-14" not in caplog.text


def test_error_reports_hide_the_passport_fields(delegate_client, delegate):

    response = delegate_client.post(url(), with_passport(delegate))
    request = response.wsgi_request
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)

    assert cleansed["passport_number"] != PASSPORT
    # The date of birth is posted as its day, month and year: each part is hidden.
    hidden = SafeExceptionReporterFilter.cleansed_substitute
    assert [cleansed[f"date_of_birth_{part}"] for part in range(3)] == [hidden] * 3
    assert cleansed["position"] == delegate.position


# --- Erasure after the workshop -------------------------------------------------------------


def profile_with_passport(**kwargs) -> DelegateProfile:
    profile = DelegateProfileFactory(
        with_passport=True,
        wants_visa_letter=True,
        passport_expiry=datetime.date(2035, 1, 1),
        **kwargs,
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    DelegateProfile.objects.filter(pk=profile.pk).update(
        updated_at=long_ago, passport_entered_at=long_ago
    )
    profile.refresh_from_db()
    return profile


def test_no_passport_covers_every_passport_field():
    assert set(profiles.NO_PASSPORT) == set(PASSPORT_FIELDS)


@pytest.mark.parametrize(
    ("ended_days_ago", "status", "erased"),
    [
        (31, Status.CONFIRMED, True),  # the retention period is over
        (29, Status.CONFIRMED, False),  # still within it
        (-20, Status.SUBMITTED, False),  # the workshop is still to come
        (-20, Status.CANCELLED, True),  # a cancelled registration needs no visa
        (400, Status.ATTENDED, True),
    ],
)
def test_passport_details_are_erased_a_set_time_after_the_workshop(
    settings, ended_days_ago, status, erased
):
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = profile_with_passport()
    RegistrationFactory(delegate=profile, workshop=workshop_ending(-ended_days_ago), status=status)

    count = erase_expired_passport_details.delay().get()

    profile.refresh_from_db()
    assert count == (1 if erased else 0)
    assert (profile.passport_number == "") is erased
    assert (profile.date_of_birth is None) is erased
    assert (profile.passport_erased_at is not None) is erased
    assert profile.wants_visa_letter is not erased
    assert profile.family_name  # the rest of the profile stays


def test_one_upcoming_workshop_keeps_the_passport_whatever_else_ended(settings):
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = profile_with_passport()
    RegistrationFactory(delegate=profile, workshop=workshop_ending(-300), status=Status.ATTENDED)
    RegistrationFactory(delegate=profile, workshop=workshop_ending(50), status=Status.CONFIRMED)

    assert profiles.erase_expired_passport_details() == 0


def test_details_just_entered_without_a_registration_are_kept(settings):
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = DelegateProfileFactory(with_passport=True, wants_visa_letter=True)
    assert profiles.erase_expired_passport_details() == 0
    profile.refresh_from_db()
    assert profile.passport_number


def test_editing_the_rest_of_the_profile_never_postpones_the_erasure(settings):
    """A new phone number after the workshop used to restart the retention clock."""
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = profile_with_passport()
    RegistrationFactory(delegate=profile, workshop=workshop_ending(-60), status=Status.ATTENDED)
    profiles.update_profile(
        profile=profile, data={"work_phone": "+254 20 000 000"}, by=profile.user
    )

    assert profiles.erase_expired_passport_details() == 1
    profile.refresh_from_db()
    assert profile.passport_number == "" and profile.work_phone == "+254 20 000 000"


def test_new_passport_details_are_kept_for_the_retention_period(settings):
    """Details entered again (a new passport, for a workshop to come) are a new need."""
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = profile_with_passport()
    RegistrationFactory(delegate=profile, workshop=workshop_ending(-60), status=Status.ATTENDED)
    profiles.update_profile(profile=profile, data={"passport_number": "Q7654321"}, by=profile.user)

    assert profiles.erase_expired_passport_details() == 0
    later = timezone.localdate() + datetime.timedelta(days=31)
    assert profiles.erase_expired_passport_details(today=later) == 1


def test_the_day_given_to_the_erasure_moves_both_cut_offs(settings):
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = DelegateProfileFactory(with_passport=True, wants_visa_letter=True)  # entered now
    today = timezone.localdate()

    assert profiles.erase_expired_passport_details(today=today + datetime.timedelta(days=29)) == 0
    assert profiles.erase_expired_passport_details(today=today + datetime.timedelta(days=31)) == 1
    profile.refresh_from_db()
    assert profile.passport_number == "" and profile.passport_entered_at is None


def test_erased_details_leave_nothing_in_the_history_and_the_page_says_so(client, settings):
    settings.PASSPORT_RETENTION_DAYS = 30
    profile = profile_with_passport()
    RegistrationFactory(delegate=profile, workshop=workshop_ending(-60), status=Status.ATTENDED)
    profiles.erase_expired_passport_details()

    history_rows = profile.history.values()
    assert all("passport_number" not in row for row in history_rows)
    client.force_login(profile.user)
    assert "Your earlier passport details were erased on" in client.get(url()).content.decode()


def test_erasure_runs_daily_from_the_beat_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    entry = next(
        e for e in schedule.values() if e["task"].endswith("erase_expired_passport_details")
    )
    assert entry["schedule"] <= 24 * 60 * 60


# --- Length of free text ------------------------------------------------------------------


def test_two_million_characters_of_needs_are_refused_at_the_field(delegate_client, delegate):
    data = form_data(
        delegate, accessibility_needs="x" * 2_000_000, dietary_needs="Vegetarian", position="Typed"
    )
    response = delegate_client.post(url(), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_accessibility_needs_error"' in page
    assert "at most 1000 characters" in page
    assert 'value="Typed"' in page and "Vegetarian" in page  # nothing typed is lost
    assert 'maxlength="1000"' in page  # the browser stops the typing there too
    delegate.refresh_from_db()
    assert delegate.accessibility_needs == "" and delegate.position != "Typed"


def test_the_service_refuses_too_long_needs_whoever_calls_it(delegate):

    with pytest.raises(ValidationError) as refused:
        profiles.update_profile(
            profile=delegate, data={"dietary_needs": "y" * 501}, by=delegate.user
        )
    assert "dietary_needs" in refused.value.message_dict
