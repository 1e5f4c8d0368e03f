"""The invited side of on-behalf registration: the invitation e-mail, the page that only the
invited person opens, accepting (the profile from the invited details, the endorsed
registration) or declining, and every invitation that can no longer be answered."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from registrations.errors import InvitationClosed, NotAllowed
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.services import invitations
from tests.idm_portal.factories import DelegateFactory, EmailAddressFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.registrations.focal_point_factories import invitation_path, invite, invited_profile
from tests.workshops.factories import MemberStateFactory

Status = Registration.Status


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"registrations:{name}", args=args)


@pytest.fixture
def invited(focal_point, workshop, django_capture_on_commit_callbacks):
    """An existing account (no delegate profile yet) invited by Kenya's focal point; returns
    the user, the invitation and the path of its link."""
    user = DelegateFactory(email="wanjiru@example.org")
    invitation, message = invite(
        by=focal_point,
        email="wanjiru@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    return user, invitation, invitation_path(message)


def accept_data(**overrides):
    """What the invited person confirms on the acceptance page: what the focal point typed."""
    return invited_profile(**overrides)


# --- the whole way, from a new address ------------------------------------------------------


def test_new_delegate_claims_the_account_then_accepts_and_is_registered_endorsed(
    client, state, focal_point, workshop, django_capture_on_commit_callbacks
):
    _invitation, message = invite(
        by=focal_point,
        email="grace.otieno@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    (claim,) = re.findall(r"\S+/accounts/password/reset/key/\S+", message.body)
    claim = claim.removeprefix(settings.PORTAL_BASE_URL)
    form_page = client.get(claim, follow=True)
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else claim
    client.post(
        form_url, {"password1": "a-new-strong-pass-2009", "password2": "a-new-strong-pass-2009"}
    )
    assert client.login(email="grace.otieno@example.org", password="a-new-strong-pass-2009")

    page = client.get(invitation_path(message))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{focal_point.get_full_name()}, focal point of Kenya" in html
    assert workshop.title in html and "as Adviser" in html
    assert 'value="Director of Immigration"' in html  # the invited details, to check
    assert not Registration.objects.exists()

    response = client.post(
        invitation_path(message),
        {**accept_data(position="Deputy Director"), "consent_to_public_listing": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("my_registrations")
    registration = Registration.objects.get()
    assert (registration.status, registration.role) == (Status.ENDORSED, "adviser")
    assert registration.registered_by == focal_point
    assert registration.delegation.member_state == state
    profile = registration.delegate
    assert profile.user.email == "grace.otieno@example.org"
    assert (profile.member_state, profile.position) == (state, "Deputy Director")
    assert profile.consent_to_public_listing
    invitation = DelegateInvitation.objects.get()
    assert invitation.accepted_at is not None and invitation.registration == registration
    # The audit names who accepted: the delegate, in their own session.
    assert registration.history.earliest().history_user == profile.user
    assert invitation.history.latest().history_user == profile.user
    mine = client.get(response["Location"]).content.decode()
    assert "You accepted the invitation" in mine

    client.force_login(focal_point)
    board = client.get(url("delegation_board", workshop.slug)).content.decode()
    assert "OTIENO" in board.split("<tbody>")[1]
    assert "Invitations awaiting an answer" not in board


def test_an_existing_account_is_asked_to_sign_in_and_accept(
    client, invited, django_capture_on_commit_callbacks
):
    user, _invitation, path = invited
    (message,) = mail.outbox
    assert message.to == ["wanjiru@example.org"]
    assert "Sign in to the IDM Portal with this e-mail address" in message.body
    assert "/accounts/password/reset/key/" not in message.body

    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(user)
    assert client.post(path, accept_data()).status_code == 302
    assert Registration.objects.get().delegate.user == user


def test_owner_with_a_profile_of_the_state_accepts_with_it_as_it_is(
    client, state, focal_point, workshop, django_capture_on_commit_callbacks
):
    profile = DelegateProfileFactory(member_state=state, position="Ambassador")
    _invitation, message = invite(
        by=focal_point,
        email=profile.user.email,
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(profile.user)

    page = client.get(invitation_path(message)).content.decode()
    assert f"You will be registered as {profile.full_name} (Kenya)" in page
    assert 'name="position"' not in page

    response = client.post(invitation_path(message))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.delegate == profile and registration.status == Status.ENDORSED
    profile.refresh_from_db()
    assert profile.position == "Ambassador"


# --- what cannot be accepted ----------------------------------------------------------------


def test_owner_of_another_state_is_told_and_nothing_changes(
    client, focal_point, workshop, django_capture_on_commit_callbacks
):
    elsewhere = MemberStateFactory(name="Elsewhere")
    profile = DelegateProfileFactory(member_state=elsewhere, position="Ambassador")
    _invitation, message = invite(
        by=focal_point,
        email=profile.user.email,
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(profile.user)
    reason = "Your delegate profile says you represent Elsewhere, not Kenya"

    page = client.get(invitation_path(message)).content.decode()
    assert reason in page
    assert "Accept and register" not in page and "Decline the invitation" in page

    response = client.post(invitation_path(message))

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Registration.objects.exists()
    profile.refresh_from_db()
    assert (profile.member_state, profile.position) == (elsewhere, "Ambassador")
    assert DelegateInvitation.objects.get().is_pending


def test_owner_already_registered_is_told_and_nothing_changes(
    client, state, focal_point, workshop, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(delegate__member_state=state, workshop=workshop)
    _invitation, message = invite(
        by=focal_point,
        email=registration.delegate.user.email,
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    client.force_login(registration.delegate.user)

    response = client.post(invitation_path(message))

    assert response.status_code == 400
    assert "You are already registered for this workshop." in response.content.decode()
    assert Registration.objects.get() == registration
    registration.refresh_from_db()
    assert (registration.status, registration.registered_by) == (Status.SUBMITTED, None)


def test_bad_details_get_field_errors_and_keep_what_was_typed(client, invited):
    user, _invitation, path = invited
    client.force_login(user)

    response = client.post(
        path, accept_data(family_name="", position="Deputy Director", title="emperor")
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page.split('for="id_family_name"')[1].split("</div>")[0]
    assert "Select a valid choice." in page.split('for="id_title"')[1].split("</div>")[0]
    assert 'value="Deputy Director"' in page
    assert not DelegateProfile.objects.filter(user=user).exists()
    assert not Registration.objects.exists()


def test_an_inviter_who_is_no_longer_focal_point_cannot_endorse(client, invited, focal_point):
    user, _invitation, path = invited
    focal_point.focal_point.delete()
    client.force_login(user)

    response = client.post(path, accept_data())

    assert response.status_code == 400
    assert "no longer the focal point of Kenya" in response.content.decode()
    assert not Registration.objects.exists()
    assert not DelegateProfile.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "has expired"),
        ({"withdrawn_at": timezone.now()}, "The focal point withdrew this invitation."),
        ({"declined_at": timezone.now()}, "This invitation was declined."),
    ],
)
def test_an_invitation_that_cannot_be_answered_says_why(client, invited, change, says):
    user, invitation, path = invited
    DelegateInvitation.objects.filter(pk=invitation.pk).update(**change)
    client.force_login(user)

    page = client.get(path)
    assert page.status_code == 200
    assert says in page.content.decode()
    assert "Accept and register" not in page.content.decode()

    response = client.post(path, accept_data())
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Registration.objects.exists()


def test_an_accepted_invitation_cannot_be_used_again(client, invited):
    user, _invitation, path = invited
    client.force_login(user)
    client.post(path, accept_data())
    Registration.objects.update(status=Status.CANCELLED)  # even after cancelling

    response = client.post(path, accept_data())

    assert response.status_code == 400
    assert "This invitation has already been accepted." in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_invited_person_declines(client, invited):
    user, invitation, path = invited
    client.force_login(user)

    response = client.post(url("decline_invitation", path.rstrip("/").rsplit("/", 1)[1]))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not Registration.objects.exists()
    assert not DelegateProfile.objects.filter(user=user).exists()
    assert "You declined the invitation" in client.get(response["Location"]).content.decode()


# --- who may open it ------------------------------------------------------------------------


def test_nobody_but_the_invited_person_opens_the_invitation(
    client, invited, focal_point, staff, workshop
):
    user, invitation, path = invited
    # Another account that added the invited address but never verified it.
    unverified = EmailAddressFactory(
        email="Wanjiru@example.org", verified=False, primary=False
    ).user
    token = path.rstrip("/").rsplit("/", 1)[1]
    for someone in (focal_point, staff, DelegateFactory(), unverified):
        client.force_login(someone)
        assert client.get(path).status_code == 404
        assert client.post(path, accept_data()).status_code == 404
        assert client.post(url("decline_invitation", token)).status_code == 404
    client.force_login(user)
    assert client.get(path.replace(token, token[:-2] + "xx")).status_code == 404
    assert not Registration.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_a_verified_address_must_match(invited, state):
    user, invitation, _path = invited
    user.emailaddress_set.update(verified=False)
    with pytest.raises(NotAllowed):
        invitations.accept_invitation(invitation=invitation, user=user, profile=accept_data())
    assert not Registration.objects.exists()


def test_only_the_hash_of_the_latest_link_is_stored(
    client, invited, focal_point, workshop, django_capture_on_commit_callbacks
):
    user, invitation, first_path = invited
    _again, message = invite(
        by=focal_point,
        email="wanjiru@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    second_path = invitation_path(message)
    token = second_path.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.token_hash == invitations.token_hash(token)
    assert token not in str(DelegateInvitation.objects.values().get())
    client.force_login(user)
    assert client.get(first_path).status_code == 404  # replaced by the renewed e-mail
    assert client.get(second_path).status_code == 200


def test_the_invitation_page_renders_in_each_language(client, invited):
    user, _invitation, path = invited
    client.force_login(user)
    for language in ("fr", "es"):
        localised = f"/{language}/" + path.split("/", 2)[2]
        response = client.get(localised)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


# --- services -------------------------------------------------------------------------------


def test_withdrawn_invitation_cannot_be_accepted(invited, focal_point):
    user, invitation, _path = invited
    invitations.withdraw_invitation(invitation=invitation, by=focal_point)
    with pytest.raises(InvitationClosed):
        invitations.accept_invitation(invitation=invitation, user=user, profile=accept_data())


def test_another_states_focal_point_cannot_withdraw(invited):
    _user, invitation, _path = invited
    stranger = FocalPointFactory(member_state=MemberStateFactory(name="Elsewhere")).user
    with pytest.raises(invitations.NotFocalPoint):
        invitations.withdraw_invitation(invitation=invitation, by=stranger)
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_an_invitation_expires_after_two_weeks_or_at_the_workshop(focal_point, workshop):
    invitation = invitations.invite_delegate(
        by=focal_point, email="a@example.org", workshop=workshop, profile=accept_data()
    )
    assert invitation.expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(days=14), abs=datetime.timedelta(minutes=1)
    )
    workshop.start_date = timezone.localdate() + datetime.timedelta(days=3)
    workshop.end_date = workshop.start_date
    workshop.save()
    soon = invitations.invite_delegate(
        by=focal_point, email="b@example.org", workshop=workshop, profile=accept_data()
    )
    assert soon.expires_at.date() <= workshop.start_date


def test_staff_see_invitations_and_their_history_in_the_admin_without_the_token(
    client, staff, invited
):
    _user, invitation, path = invited
    client.force_login(staff)

    listing = client.get(reverse("admin:registrations_delegateinvitation_changelist"))
    detail = client.get(
        reverse("admin:registrations_delegateinvitation_change", args=[invitation.pk])
    )
    history = client.get(
        reverse("admin:registrations_delegateinvitation_history", args=[invitation.pk])
    )

    assert listing.status_code == detail.status_code == history.status_code == 200
    assert "wanjiru@example.org" in listing.content.decode()
    invitation.refresh_from_db()
    for page in (listing, detail, history):
        assert invitation.token_hash not in page.content.decode()
        assert path.rstrip("/").rsplit("/", 1)[1] not in page.content.decode()


def test_invitation_page_query_count(client, invited, django_assert_max_num_queries):
    user, _invitation, path = invited
    client.force_login(user)
    # session, user, invitation, address, profile…, and the menu's: is the user a donor's contact
    with django_assert_max_num_queries(8):
        assert client.get(path).status_code == 200
