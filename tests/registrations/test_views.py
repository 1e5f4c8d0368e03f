"""The delegate's pages: "My registrations", the registration form, cancelling, the calendar
file, and the boundary between one delegate's registrations and another's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.views.common import SUBMISSIONS_KEPT
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

Status = Registration.Status


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"registrations:{name}", args=args)


def upcoming_workshop(**kwargs):
    start = timezone.localdate() + datetime.timedelta(days=kwargs.pop("in_days", 30))
    return WorkshopFactory(start_date=start, end_date=start + datetime.timedelta(days=1), **kwargs)


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate.user)
    return client


def profile_data(state, **overrides):
    data = {
        "title": "dr",
        "family_name": "Mwangi",
        "given_names": "Grace Wanjiru",
        "gender": "female",
        "participant_type": "member_state",
        "member_state": str(state.pk),
        "organisation": "",
        "position": "Director of Immigration",
        "institution": "Ministry of Interior",
        "based_in": "capital",
        "work_phone": "+254 20 222 2022",
        "accessibility_needs": "",
        "dietary_needs": "Vegetarian",
        "consent_to_public_listing": "on",
    }
    data.update(overrides)
    return data


# --- My registrations -------------------------------------------------------------------


def test_my_registrations_requires_sign_in(client, db):
    response = client.get(url("my_registrations"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_registrations_lists_own_registrations_with_state_and_next_step(
    delegate_client, delegate, workshop
):
    RegistrationFactory(delegate=delegate, workshop=workshop, status=Status.SUBMITTED)
    someone_else = RegistrationFactory(workshop=upcoming_workshop(title="Not mine"))

    response = delegate_client.get(url("my_registrations"))

    page = response.content.decode()
    assert response.status_code == 200
    assert workshop.title in page
    assert "Submitted" in page
    assert "focal point endorses your registration" in page
    assert someone_else.workshop.title not in page
    assert url("cancel", delegate.registrations.get().pk) in page


def test_my_registrations_next_step_for_a_confirmed_seat_and_a_seat_offer(
    delegate_client, delegate
):
    confirmed = RegistrationFactory(
        delegate=delegate, workshop=upcoming_workshop(), status=Status.CONFIRMED
    )
    offered = RegistrationFactory(
        delegate=delegate,
        workshop=upcoming_workshop(),
        status=Status.WAITLISTED,
        waitlisted_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(days=3),
    )

    page = delegate_client.get(url("my_registrations")).content.decode()

    assert "Your seat is confirmed" in page
    assert url("calendar", confirmed.pk) in page
    assert "A seat is held for you" in page
    assert url("accept_offer", offered.pk) in page


def test_my_registrations_query_count_does_not_grow(delegate_client, delegate):
    RegistrationFactory(delegate=delegate, workshop=upcoming_workshop())
    delegate_client.get(url("my_registrations"))  # the menu's "donor or not" is kept after it
    with CaptureQueriesContext(connection) as few:
        assert delegate_client.get(url("my_registrations")).status_code == 200

    for status in (Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED, Status.ENDORSED):
        RegistrationFactory(delegate=delegate, workshop=upcoming_workshop(), status=status)
    organisation_delegate = DelegateProfileFactory(user=DelegateFactory(), organization=True)
    RegistrationFactory(delegate=organisation_delegate, workshop=upcoming_workshop())
    with CaptureQueriesContext(connection) as many:
        response = delegate_client.get(url("my_registrations"))

    assert response.content.decode().count("<article") == 5
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- Registering ----------------------------------------------------------------------


def test_a_delegate_with_a_profile_registers(delegate_client, delegate, workshop):
    form = delegate_client.get(url("register", workshop.slug))
    assert form.status_code == 200
    assert 'name="family_name"' not in form.content.decode()  # profile asked only once

    response = delegate_client.post(
        url("register", workshop.slug), {"role": "adviser", "submission": "t1"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("my_registrations")
    registration = Registration.objects.get()
    assert (registration.delegate, registration.workshop) == (delegate, workshop)
    assert (registration.role, registration.status) == ("adviser", Status.SUBMITTED)
    assert registration.delegation.member_state == delegate.member_state


# What a registration POST costs (session, user, workshop, profile, the checks, the
# registration and its history, the e-mail owed); a state's first delegate also makes the
# delegation. It must not grow with the data, and the model's constraints are not checked a
# second time in Python (they cost nine queries a POST).
REGISTER_POST_QUERIES = 16


def test_a_registration_post_costs_a_fixed_number_of_queries(delegate_client, delegate, workshop):
    from tests.registrations.factories import DelegationFactory

    DelegationFactory(member_state=delegate.member_state, workshop=workshop)
    for _ in range(5):
        RegistrationFactory(
            workshop=workshop, delegate=DelegateProfileFactory(member_state=delegate.member_state)
        )
    delegate_client.get(url("register", workshop.slug))
    with CaptureQueriesContext(connection) as queries:
        response = delegate_client.post(
            url("register", workshop.slug), {"role": "adviser", "submission": "t1"}
        )
    assert response.status_code == 302
    assert len(queries) <= REGISTER_POST_QUERIES, [q["sql"][:90] for q in queries.captured_queries]


def test_registration_form_requires_sign_in(client, workshop):
    response = client.get(url("register", workshop.slug))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_first_registration_collects_the_profile(client, workshop, state):
    user = DelegateFactory()
    client.force_login(user)
    form = client.get(url("register", workshop.slug)).content.decode()
    assert 'name="family_name"' in form
    assert 'name="passport_number"' not in form

    response = client.post(
        url("register", workshop.slug), {**profile_data(state), "role": "delegate"}
    )

    assert response.status_code == 302
    profile = DelegateProfile.objects.get(user=user)
    assert (profile.family_name, profile.member_state) == ("Mwangi", state)
    assert profile.dietary_needs == "Vegetarian"
    assert Registration.objects.get().delegate == profile


def test_profile_errors_show_next_to_the_field_in_french_and_keep_what_was_typed(
    client, workshop, state
):
    user = DelegateFactory()
    client.force_login(user)
    data = {
        **profile_data(state, family_name="", position="Conseiller juridique"),
        "role": "delegate",
    }

    response = client.post(url("register", workshop.slug, language="fr"), data)

    page = response.content.decode()
    assert response.status_code == 400
    field_error = response.context["profile_form"].errors["family_name"]
    assert field_error == ["Ce champ est obligatoire."]
    # The error sits in the family name's field block, tied to its input.
    block = page.split('for="id_family_name"')[1].split('class="field')[0]
    assert "Ce champ est obligatoire." in block
    assert 'aria-invalid="true"' in block
    assert 'value="Conseiller juridique"' in page
    assert 'value="Grace Wanjiru"' in page
    assert not DelegateProfile.objects.exists()
    assert not Registration.objects.exists()


def test_a_state_is_required_of_a_member_state_delegate(client, workshop, state):
    client.force_login(DelegateFactory())
    data = {**profile_data(state, member_state=""), "role": "delegate"}

    response = client.post(url("register", workshop.slug, language="es"), data)

    assert response.status_code == 400
    assert response.context["profile_form"].errors["member_state"]
    assert not Registration.objects.exists()


def test_double_submit_makes_one_registration(delegate_client, workshop):
    data = {"role": "delegate", "submission": "same-form"}

    first = delegate_client.post(url("register", workshop.slug), data)
    second = delegate_client.post(url("register", workshop.slug), data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == url("my_registrations")
    assert Registration.objects.count() == 1


def test_the_session_keeps_the_latest_register_forms_only(delegate_client):
    """A delegate who registers for many workshops does not grow the session with one token
    per form: the latest forms are kept (a double submit of those is still caught), the
    oldest are dropped, as on the focal point's form (registrations.views.common)."""
    workshops = [upcoming_workshop() for _number in range(SUBMISSIONS_KEPT + 5)]
    for number, workshop in enumerate(workshops):
        data = {"role": "delegate", "submission": f"form-{number}"}
        assert delegate_client.post(url("register", workshop.slug), data).status_code == 302

    kept = delegate_client.session["registrations:submitted"]
    assert list(kept) == [f"form-{number}" for number in range(5, SUBMISSIONS_KEPT + 5)]
    latest = {"role": "delegate", "submission": f"form-{SUBMISSIONS_KEPT + 4}"}
    again = delegate_client.post(url("register", workshops[-1].slug), latest)
    assert again.status_code == 302  # the same form again: no refusal, no second registration
    assert Registration.objects.count() == SUBMISSIONS_KEPT + 5


def test_registering_twice_says_so(delegate_client, delegate, workshop):
    RegistrationFactory(delegate=delegate, workshop=workshop)

    page = delegate_client.get(url("register", workshop.slug)).content.decode()
    assert "You are already registered for this workshop." in page

    response = delegate_client.post(
        url("register", workshop.slug), {"role": "delegate", "submission": "another-form"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You are already registered for this workshop."
    ]
    assert Registration.objects.count() == 1


def test_registering_again_after_cancelling_is_possible(delegate_client, delegate, workshop):
    RegistrationFactory(delegate=delegate, workshop=workshop, status=Status.CANCELLED)

    response = delegate_client.post(
        url("register", workshop.slug), {"role": "delegate", "submission": "t"}
    )

    assert response.status_code == 302
    assert delegate.registrations.filter(status=Status.SUBMITTED).count() == 1


def test_closed_workshop_is_refused_with_the_reason(client, state):
    workshop = upcoming_workshop(registration_status="closed")
    user = DelegateFactory()
    client.force_login(user)

    page = client.get(url("register", workshop.slug)).content.decode()
    assert f"Registration for “{workshop.title}” is closed." in page
    assert 'name="role"' not in page

    response = client.post(
        url("register", workshop.slug), {**profile_data(state), "role": "delegate"}
    )
    assert response.status_code == 400
    assert f"Registration for “{workshop.title}” is closed." in response.content.decode()
    # Nothing is kept of a refused registration, not even the profile typed with it.
    assert not Registration.objects.exists()
    assert not DelegateProfile.objects.filter(user=user).exists()
    assert 'value="Mwangi"' in response.content.decode()


def test_an_open_workshop_that_has_started_refuses_registration_with_the_reason(
    delegate_client,
):
    workshop = upcoming_workshop(in_days=-30)  # staff left its registration open

    response = delegate_client.post(
        url("register", workshop.slug), {"role": "delegate", "submission": "t"}
    )

    assert response.status_code == 400
    assert "started on" in response.content.decode()
    assert not Registration.objects.filter(workshop=workshop).exists()


def test_workshop_page_links_to_the_form_only_while_registration_is_open(client, workshop):
    link = url("register", workshop.slug)
    assert link in client.get(workshop.get_absolute_url()).content.decode()

    closed = upcoming_workshop(registration_status="closed")
    closed_link = url("register", closed.slug)
    assert closed_link not in client.get(closed.get_absolute_url()).content.decode()


# --- Cancelling ---------------------------------------------------------------------------


def test_cancel_asks_for_confirmation_then_cancels(delegate_client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)

    page = delegate_client.get(url("cancel", registration.pk))
    assert page.status_code == 200
    assert workshop.title in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED  # a GET changes nothing

    response = delegate_client.post(url("cancel", registration.pk), {"reason": "Travel ban"})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.status_reason) == (Status.CANCELLED, "Travel ban")


def test_cancelling_a_cancelled_registration_says_why(delegate_client, delegate, workshop):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop, status=Status.CANCELLED
    )

    response = delegate_client.post(url("cancel", registration.pk), {"reason": ""})

    assert response.status_code == 400
    assert "cannot be cancelled" in response.content.decode()


# --- Calendar file ------------------------------------------------------------------------


def test_calendar_file_is_a_download_of_the_delegates_own_registration(delegate_client, delegate):
    workshop = WorkshopFactory(title="Migration and climate change", slug="climate")
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)

    response = delegate_client.get(url("calendar", registration.pk))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="climate.ics"'
    # What the file holds: tests/registrations/test_calendar_file.py.
    assert Calendar.from_ical(response.content).walk("VEVENT")


# --- Boundaries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("cancel", "get"), ("cancel", "post"), ("calendar", "get"), ("accept_offer", "post")],
)
def test_another_delegates_registration_is_not_found(delegate_client, workshop, name, method):
    theirs = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=MemberStateFactory()), workshop=workshop
    )

    response = getattr(delegate_client, method)(url(name, theirs.pk))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.SUBMITTED
