"""The consent to appear in the public list of participants, when a focal point registers a
delegate on their behalf: the focal point's form asks it, the invitation carries it, the
delegate finds it ticked (or not) when accepting, and it reaches the delegate's profile."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from idm_portal.models import User
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.services import invitations
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.focal_point_factories import invitation_path, invite


def url(name, *args):
    with translation.override("en"):
        return reverse(f"registrations:{name}", args=args)


def on_behalf_data(**overrides):
    data = {
        "email": "grace.otieno@example.org",
        "role": "adviser",
        "title": "dr",
        "family_name": "Otieno",
        "given_names": "Grace Akinyi",
        "gender": "female",
        "position": "Director of Immigration",
        "institution": "Department of Immigration",
        "based_in": "capital",
        "work_phone": "",
        "preferred_language": "en",
        "submission": "form-1",
    }
    data.update(overrides)
    return data


def checkbox(page: str, name: str) -> str:
    (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return tag


def test_the_focal_points_form_asks_whether_the_delegate_agrees_to_be_listed(
    client, focal_point, workshop
):
    client.force_login(focal_point)
    page = client.get(url("delegation_register", workshop.slug)).content.decode()

    assert "The delegate agrees to appear in the public list of participants" in page
    assert "checked" not in checkbox(page, "consent_to_public_listing")  # never assumed


@pytest.mark.parametrize("consents", [True, False])
def test_the_consent_the_focal_point_gives_reaches_the_profile_on_acceptance(
    client, focal_point, workshop, django_capture_on_commit_callbacks, consents
):
    client.force_login(focal_point)
    data = on_behalf_data(**({"consent_to_public_listing": "on"} if consents else {}))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("delegation_register", workshop.slug), data)
    assert response.status_code == 302
    invitation = DelegateInvitation.objects.get()
    user = User.objects.get(email="grace.otieno@example.org")  # opened by the invitation

    invitations.accept_invitation(invitation=invitation, user=user)

    assert Registration.objects.get().delegate.consent_to_public_listing is consents


def test_the_delegate_finds_the_consent_ticked_and_may_untick_it(
    client, focal_point, workshop, django_capture_on_commit_callbacks
):
    user = DelegateFactory(email="wanjiru@example.org")
    _invitation, message = invite(
        by=focal_point,
        email="wanjiru@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
        consent_to_public_listing=True,
    )
    client.force_login(user)

    page = client.get(invitation_path(message)).content.decode()
    assert "checked" in checkbox(page, "consent_to_public_listing")

    fields = {
        "title": "dr",
        "family_name": "Kamau",
        "given_names": "Wanjiru",
        "gender": "female",
        "position": "Counsellor",
        "institution": "Permanent Mission",
        "based_in": "mission",
    }  # the box left unticked: the delegate's own answer wins
    response = client.post(invitation_path(message), fields)

    assert response.status_code == 302
    assert Registration.objects.get().delegate.consent_to_public_listing is False
