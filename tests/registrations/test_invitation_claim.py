"""A person without an account whom a focal point registers: one e-mail that says who invited
them and what comes next, whose link leads to the portal's "Choose your password" page and from
there, signed in, to the invitation."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from idm_portal.models import OutboundEmail
from tests.idm_portal.test_account_pages import primary_buttons
from tests.registrations.focal_point_factories import invitation_path, invite

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-strong-pass-2009"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def invited_new_person(focal_point, workshop, django_capture_on_commit_callbacks):
    _invitation, message = invite(
        by=focal_point,
        email="grace.otieno@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    return message


def claim_path(message) -> str:
    (link,) = re.findall(r"\S+/accounts/password/reset/key/\S+", message.body)
    return link.removeprefix(settings.PORTAL_BASE_URL.rstrip("/"))


def test_one_email_says_who_invited_them_and_what_comes_next(invited_new_person, focal_point):
    message = invited_new_person

    assert len(mail.outbox) == 1 and OutboundEmail.objects.count() == 1
    body = message.body
    assert f"{focal_point.get_full_name()}, focal point of Kenya" in body
    assert "Choose your password: " in body
    assert "you are then signed in and taken to the invitation" in body
    assert "What comes next: once you accept, your registration is endorsed" in body
    assert "Activate your account" not in body


def test_the_link_opens_choose_your_password_with_one_primary_button(client, invited_new_person):
    response = client.get(claim_path(invited_new_person), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Choose your password · IDM Portal</title>" in html
    assert "<h1>Choose your password</h1>" in html
    assert "An IDM Portal account has been opened for you with grace.otieno@example.org" in html
    assert primary_buttons(html) == ["Save my password"]
    assert "Cancel" not in html and "Change Password" not in html


def test_choosing_the_password_signs_in_and_lands_on_the_invitation(client, invited_new_person):
    page = client.get(claim_path(invited_new_person), follow=True)
    form_url = page.redirect_chain[-1][0]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    invitation = invitation_path(invited_new_person)
    assert response.status_code == 302
    assert response["Location"] == invitation
    html = client.get(invitation).content.decode()
    assert "Accept and register" in html  # signed in as the invited person
    client.logout()
    assert client.login(email="grace.otieno@example.org", password=NEW_PASSWORD)


def test_a_used_link_says_so_and_how_to_get_a_new_one(client, invited_new_person):
    path = claim_path(invited_new_person)
    page = client.get(path, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    html = client.get(path, follow=True).content.decode()

    assert "<h1>This link no longer works</h1>" in html
    assert "Ask for a new link" in html


def test_after_accepting_the_email_says_the_registration_is_already_endorsed(
    client, invited_new_person, django_capture_on_commit_callbacks
):
    from tests.registrations.test_invitations import accept_data

    page = client.get(claim_path(invited_new_person), follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    sent_before = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invitation_path(invited_new_person),
            {**accept_data(), "consent_to_public_listing": "on"},
        )

    assert response.status_code == 302
    (received,) = [m for m in mail.outbox[sent_before:] if "received" in m.subject]
    assert "focal point has endorsed it" in received.body
    assert "will review it" not in received.body
