"""The delegate's profile page as a delegate uses it: the language the portal's e-mails and
letters follow, and the passport details that only show when a visa letter is asked for
(opened by the box with JavaScript, by the server without it)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from registrations.services import registering
from tests.registrations.test_profile import PASSPORT, form_data, url, with_passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate.user)
    return client


def passport_section(html: str) -> tuple[bool, str]:
    """Whether the passport details are open, and what they hold."""
    match = re.search(r'<details class="passport-details"([^>]*)>(.*?)</details>', html, re.S)
    assert match, "the passport details are not a section of their own"
    return " open" in match.group(1), match.group(2)


# --- the language of e-mails and letters ----------------------------------------------------


def test_the_profile_offers_the_language_of_emails_and_letters(delegate_client, delegate):
    delegate.user.preferred_language = "es"
    delegate.user.save()

    html = delegate_client.get(url()).content.decode()

    assert '<label for="id_preferred_language">Preferred language</label>' in html
    assert '<option value="es" selected>Español</option>' in html


def test_the_chosen_language_is_saved_and_the_next_email_follows_it(
    delegate_client, delegate, workshop, django_capture_on_commit_callbacks
):
    response = delegate_client.post(url(), form_data(delegate, preferred_language="fr"))

    assert response.status_code == 302
    delegate.user.refresh_from_db()
    assert delegate.user.preferred_language == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        registering.register(delegate=delegate, workshop=workshop)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    with translation.override("fr"):
        received = translation.gettext("We have received your registration for “%(workshop)s”.")
    assert received % {"workshop": workshop.title} in message.body


def test_a_language_the_portal_does_not_speak_is_refused_at_the_field(delegate_client, delegate):
    response = delegate_client.post(url(), form_data(delegate, preferred_language="de"))

    assert response.status_code == 400
    assert 'id="id_preferred_language_error"' in response.content.decode()
    delegate.user.refresh_from_db()
    assert delegate.user.preferred_language == "en"


# --- passport details only when a visa letter is asked for ----------------------------------


def test_without_a_visa_letter_the_passport_details_stay_closed(delegate_client, delegate):
    html = delegate_client.get(url()).content.decode()

    is_open, inside = passport_section(html)
    assert not is_open
    # Still in the form, so that a browser without JavaScript opens them from their summary.
    assert "<summary>" in inside and 'name="passport_number"' in inside
    assert 'data-opened-by="id_wants_visa_letter"' in html
    assert 'src="/static/registrations/profile.js"' in html


def test_with_a_visa_letter_the_passport_details_are_open(client):
    from tests.registrations.factories import DelegateProfileFactory

    delegate = DelegateProfileFactory(with_passport=True, wants_visa_letter=True)
    client.force_login(delegate.user)

    is_open, inside = passport_section(client.get(url()).content.decode())

    assert is_open
    assert 'value="P1234567"' in inside


def test_without_javascript_ticking_the_box_and_saving_opens_the_details_with_what_is_missing(
    delegate_client, delegate
):
    # No script ran: the box was ticked, the closed details left empty, and the form sent.
    response = delegate_client.post(url(), form_data(delegate, wants_visa_letter="on"))

    assert response.status_code == 400
    is_open, inside = passport_section(response.content.decode())
    assert is_open
    assert "Give your passport number for the visa letter." in inside
    delegate.refresh_from_db()
    assert not delegate.wants_visa_letter

    response = delegate_client.post(url(), with_passport(delegate))

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.passport_number == PASSPORT


def test_a_passport_error_opens_the_details_even_with_the_box_unticked(delegate_client, delegate):
    response = delegate_client.post(url(), form_data(delegate, date_of_birth=("3x", "6", "1975")))

    assert response.status_code == 400
    is_open, inside = passport_section(response.content.decode())
    assert is_open and 'id="id_date_of_birth_error"' in inside


def test_passport_details_sent_without_the_box_are_not_kept(delegate_client, delegate):
    # Typed into the details opened from their summary, but no visa letter asked for.
    data = with_passport(delegate)
    del data["wants_visa_letter"]

    response = delegate_client.post(url(), data)

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.passport_number, delegate.date_of_birth) == ("", None)
    is_open, _inside = passport_section(delegate_client.get(url()).content.decode())
    assert not is_open


def test_the_save_button_sits_in_the_form_actions(delegate_client):
    html = delegate_client.get(url()).content.decode()
    assert re.search(r'<div class="form-actions">\s*<button type="submit">Save my profile', html)
    assert reverse("registrations:profile") in html
