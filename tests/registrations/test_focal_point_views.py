"""The focal point's pages: the delegations of its state, the board of one delegation with its
actions (endorse, withdraw, head of delegation), registering a delegate on their behalf, the
note verbale; and the boundary that keeps every other state's delegation out of sight."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from registrations.models.delegations import Delegation
from registrations.models.invitations import DelegateInvitation
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.selectors import delegations as delegations_selectors
from registrations.services import delegations
from tests.idm_portal.date_parts import with_date_parts
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.registrations.focal_point_factories import (
    TINY_PDF,
    delegation_registrations,
    invite,
    invited_profile,
    pdf_upload,
    programme_with_workshops,
    text_upload,
)
from tests.registrations.pdf_files import HOSTILE, note_verbale_pdf
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

Status = Registration.Status
User = get_user_model()


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"registrations:{name}", args=args)


@pytest.fixture
def fp_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def other_state(db):
    return MemberStateFactory(name="Other State")


@pytest.fixture
def theirs(other_state, workshop):
    """A registration of another state's delegation to the same workshop."""
    return RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=other_state, family_name="Stranger"),
        workshop=workshop,
    )


def on_behalf_data(**overrides):
    """The focal point's register-a-delegate form: the address, the role and the profile."""
    data = {
        "email": "grace.otieno@example.org",
        "role": "adviser",
        **invited_profile(),
        "preferred_language": "fr",
        "submission": "form-1",
    }
    data.update(overrides)
    return data


def note_verbale_data(file=None, **overrides):
    data = {
        "note_verbale": file if file is not None else pdf_upload(),
        "note_verbale_reference": "KMG/IOM/2099/17",
        "note_verbale_date": "2099-02-10",
    }
    data.update(overrides)
    return with_date_parts(data, "note_verbale_date")  # posted as day, month and year


FIELD_BLOCK = re.compile(r'<(div|fieldset) class="field[ "].*?</\1>', re.S)


def date_typed(page: str) -> tuple[str, str, str]:
    """The note verbale's date as the page shows it back: day, month (its name), year."""
    block = field_block(page, "note_verbale_date")
    day = re.search(r'name="note_verbale_date_0" value="([^"]*)"', block)
    month = re.search(r'<option value="\d+" selected>([^<]*)</option>', block)
    year = re.search(r'name="note_verbale_date_2" value="([^"]*)"', block)
    return tuple(found.group(1) if found else "" for found in (day, month, year))


def field_block(page: str, name: str) -> str:
    """The HTML of one field's block (label or legend, inputs, errors) in a page."""
    (block,) = [
        match.group(0)
        for match in FIELD_BLOCK.finditer(page)
        if re.search(rf'name="{name}(_0)?"', match.group(0))
    ]
    return block


# --- index ----------------------------------------------------------------------------------


def test_index_has_a_card_per_workshop_of_the_current_programme(fp_client, state):
    old_workshop = WorkshopFactory(title="An old workshop")  # an earlier programme
    programme, (first, second) = programme_with_workshops(2)
    head, *others = delegation_registrations(state=state, workshop=first, count=3)
    delegations.set_head_of_delegation(
        delegation=head.delegation, registration=head, by=FocalPointFactory(member_state=state).user
    )
    RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state), workshop=first, status=Status.CONFIRMED
    )

    response = fp_client.get(url("delegation_index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Delegations of Kenya" in page
    assert page.count('<article class="card"') == 2
    assert first.title in page and second.title in page
    assert old_workshop.title not in page
    first_card, second_card = page.split('<article class="card"')[1:]
    assert "<dt>Delegates</dt><dd>4</dd>" in first_card
    assert "<dt>Awaiting your endorsement</dt><dd>3</dd>" in first_card
    assert "<dt>Confirmed</dt><dd>1</dd>" in first_card
    assert head.delegate.full_name in first_card
    assert "Note verbale verified" in first_card
    assert url("delegation_board", first.slug) in first_card
    assert "no delegation to this workshop yet" in second_card
    assert url("delegation_board", second.slug) in second_card
    assert "Your delegates can be confirmed once IOM verifies the note verbale" in page


def test_index_names_a_head_registered_in_that_role(fp_client, state):
    # The demo registers heads with the role only, without naming them on the delegation.
    _programme, (workshop,) = programme_with_workshops(1)
    head = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state),
        workshop=workshop,
        role=Registration.Role.HEAD_OF_DELEGATION,
    )

    page = fp_client.get(url("delegation_index")).content.decode()

    assert f"{head.delegate.full_name}</p>" in page.split("Head of delegation:")[1]


def test_index_query_count_does_not_grow(fp_client, state, django_assert_max_num_queries):
    _programme, workshops = programme_with_workshops(2)
    delegation_registrations(state=state, workshop=workshops[0], count=2)
    # 9, and 1 for the layout's menu: is the user a donor's contact (idm_portal.account_roles)
    with django_assert_max_num_queries(10) as few:
        assert fp_client.get(url("delegation_index")).status_code == 200

    _programme, workshops = programme_with_workshops(6, year=3000)
    for workshop in workshops:
        head, *_others = delegation_registrations(state=state, workshop=workshop, count=4)
        head.role = Registration.Role.HEAD_OF_DELEGATION  # one head per delegation
        head.save()
    with django_assert_max_num_queries(len(few)):
        response = fp_client.get(url("delegation_index"))
    assert response.content.decode().count('<article class="card"') == 6


# --- board ----------------------------------------------------------------------------------


def test_board_lists_the_delegation_head_first_with_actions_by_status(
    fp_client, state, focal_point, workshop, theirs
):
    submitted = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state, family_name="Abasi"),
        workshop=workshop,
    )
    head = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state, family_name="Zawadi"),
        workshop=workshop,
        status=Status.CONFIRMED,
        registered_by=focal_point,
    )
    delegations.set_head_of_delegation(
        delegation=head.delegation, registration=head, by=focal_point
    )
    cancelled = RegistrationFactory(
        delegate=DelegateProfileFactory(member_state=state, family_name="Baraka"),
        workshop=workshop,
        status=Status.CANCELLED,
    )

    response = fp_client.get(url("delegation_board", workshop.slug))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<caption" in page and '<th scope="col">' in page
    rows = page.split("<tbody>")[1].split("<tr")[1:]
    assert len(rows) == 3
    head_row, submitted_row, cancelled_row = rows  # head first, then active, then ended
    assert "ZAWADI" in head_row and "Head of delegation" in head_row
    assert focal_point.get_full_name() in head_row  # who registered them
    assert url("delegation_endorse", workshop.slug, head.pk) not in head_row
    assert url("delegation_withdraw", workshop.slug, head.pk) in head_row
    assert "ABASI" in submitted_row and "The delegate" in submitted_row
    assert url("delegation_endorse", workshop.slug, submitted.pk) in submitted_row
    assert url("delegation_set_head", workshop.slug, submitted.pk) in submitted_row
    assert "BARAKA" in cancelled_row and "Cancelled" in cancelled_row
    assert f"/{cancelled.pk}/" not in cancelled_row  # no action on an ended registration
    assert "STRANGER" not in page  # another state's delegate at the same workshop


def test_board_of_a_workshop_without_a_delegation_yet(fp_client, workshop):
    response = fp_client.get(url("delegation_board", workshop.slug))

    page = response.content.decode()
    assert response.status_code == 200
    assert "No delegate of your state is registered for this workshop yet." in page
    assert url("delegation_register", workshop.slug) in page
    assert "Register a delegate first" in page


def test_board_shows_the_note_verbale_rejection_and_how_to_replace_it(
    fp_client, staff, delegation, delegate, workshop
):
    RegistrationFactory(delegate=delegate, workshop=workshop)
    delegations.upload_note_verbale(
        delegation=delegation,
        file=pdf_upload(),
        reference="KMG/1",
        date=datetime.date(2099, 2, 1),
        by=staff,
    )
    delegations.reject_note_verbale(
        delegation=delegation, by=staff, comment="The list of delegates is missing."
    )

    page = fp_client.get(url("delegation_board", workshop.slug)).content.decode()

    assert "Note verbale rejected" in page
    assert "The list of delegates is missing." in page
    assert "KMG/1" in page
    assert url("delegation_note_verbale_file", workshop.slug) in page
    assert "/media/" not in page
    assert "Replace the note verbale" in page


def test_board_query_count_does_not_grow_with_the_delegation(
    fp_client, state, focal_point, workshop, django_assert_max_num_queries
):
    delegation_registrations(state=state, workshop=workshop, count=3)
    # 7, 1 for the pending invitations and 1 for the menu (is the user a donor's contact)
    with django_assert_max_num_queries(9) as few:
        assert fp_client.get(url("delegation_board", workshop.slug)).status_code == 200

    delegation_registrations(state=state, workshop=workshop, count=15, registered_by=focal_point)
    delegation_registrations(state=state, workshop=workshop, count=12, status=Status.CONFIRMED)
    with django_assert_max_num_queries(len(few)):
        response = fp_client.get(url("delegation_board", workshop.slug))
    assert response.content.decode().split("<tbody>")[1].count("<tr") == 30


# --- endorse, head of delegation ------------------------------------------------------------


def test_focal_point_endorses_a_submitted_delegate(fp_client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)

    response = fp_client.post(url("delegation_endorse", workshop.slug, registration.pk))

    assert response.status_code == 302
    assert response["Location"] == url("delegation_board", workshop.slug)
    registration.refresh_from_db()
    assert registration.status == Status.ENDORSED
    page = fp_client.get(response["Location"]).content.decode()
    assert f"You endorsed {delegate.full_name}." in page


def test_endorsing_twice_says_why_on_the_board(fp_client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop, status=Status.ENDORSED)

    response = fp_client.post(url("delegation_endorse", workshop.slug, registration.pk))

    assert response.status_code == 400
    page = response.content.decode()
    assert "A registration that is endorsed cannot be endorsed." in page
    assert 'role="alert"' in page
    assert delegate.family_name.upper() in page  # the board itself, not an error page


def test_opening_the_endorse_address_endorses_nothing(fp_client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)

    response = fp_client.get(url("delegation_endorse", workshop.slug, registration.pk))

    assert response.status_code == 302  # back to the board, whose button endorses
    assert response["Location"] == url("delegation_board", workshop.slug)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_focal_point_names_the_head_of_delegation(fp_client, state, workshop):
    first, second = delegation_registrations(state=state, workshop=workshop, count=2)
    fp_client.post(url("delegation_set_head", workshop.slug, first.pk))

    response = fp_client.post(url("delegation_set_head", workshop.slug, second.pk))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert delegations_selectors.head_of(Delegation.objects.get()) == second
    assert (first.role, second.role) == (
        Registration.Role.DELEGATE,
        Registration.Role.HEAD_OF_DELEGATION,
    )
    page = fp_client.get(url("delegation_board", workshop.slug)).content.decode()
    assert f"{second.delegate.full_name} is now the head of delegation." in page
    first_row = page.split("<tbody>")[1].split("<tr")[1]
    assert second.delegate.family_name.upper() in first_row and "Head of delegation" in first_row


def test_a_withdrawn_delegate_cannot_be_named_head(fp_client, delegate, workshop):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop, status=Status.CANCELLED
    )

    response = fp_client.post(url("delegation_set_head", workshop.slug, registration.pk))

    assert response.status_code == 400
    reason = f"{delegate.full_name}'s registration is cancelled: they cannot head the delegation."
    assert escape(reason) in response.content.decode()
    assert delegations_selectors.head_of(Delegation.objects.get()) is None


# --- withdraw -------------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws_with_the_reason(
    fp_client, focal_point, delegate, workshop
):
    registration = RegistrationFactory(
        delegate=delegate, workshop=workshop, status=Status.CONFIRMED
    )
    delegations.set_head_of_delegation(
        delegation=registration.delegation, registration=registration, by=focal_point
    )

    page = fp_client.get(url("delegation_withdraw", workshop.slug, registration.pk))
    assert page.status_code == 200
    assert f"Do you want to withdraw {delegate.full_name}" in page.content.decode()
    assert 'name="reason"' in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED  # a GET changes nothing

    response = fp_client.post(
        url("delegation_withdraw", workshop.slug, registration.pk), {"reason": "Mission cancelled"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("delegation_board", workshop.slug)
    registration.refresh_from_db()
    assert (registration.status, registration.status_reason) == (
        Status.CANCELLED,
        "Mission cancelled",
    )
    assert delegations_selectors.head_of(Delegation.objects.get()) is None
    assert registration.role == Registration.Role.DELEGATE


def test_withdrawing_after_the_workshop_started_is_refused_with_the_reason(fp_client, delegate):
    started = WorkshopFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        end_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    registration = RegistrationFactory(delegate=delegate, workshop=started, status=Status.ENDORSED)
    started_on = f"“{started.title}” started on {formats.date_format(started.start_date)}."

    board = fp_client.get(url("delegation_board", started.slug)).content.decode()
    assert "delegates can no longer be endorsed or withdrawn" in board
    assert url("delegation_withdraw", started.slug, registration.pk) not in board
    assert url("delegation_endorse", started.slug, registration.pk) not in board  # endorsed

    page = fp_client.get(url("delegation_withdraw", started.slug, registration.pk))
    assert page.status_code == 200
    assert started_on in page.content.decode()
    assert 'name="reason"' not in page.content.decode()

    response = fp_client.post(
        url("delegation_withdraw", started.slug, registration.pk), {"reason": "Late"}
    )
    assert response.status_code == 400
    assert started_on in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.ENDORSED


def test_endorsing_once_the_workshop_started_is_refused_with_the_reason(fp_client, delegate):
    # Like the 2009 demo: the dates have passed, though staff left registration open.
    past = WorkshopFactory(
        start_date=datetime.date(2009, 3, 25), end_date=datetime.date(2009, 3, 26)
    )
    registration = RegistrationFactory(delegate=delegate, workshop=past)
    started_on = f"“{past.title}” started on {formats.date_format(past.start_date)}."

    board = fp_client.get(url("delegation_board", past.slug)).content.decode()
    assert url("delegation_endorse", past.slug, registration.pk) not in board
    for method in (fp_client.get, fp_client.post):
        response = method(url("delegation_endorse", past.slug, registration.pk))
        assert response.status_code in (200, 400)
        assert started_on in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


# --- register on behalf: an invitation -----------------------------------------------------


def test_focal_point_invites_a_new_delegate_who_gets_an_account_to_claim(
    fp_client, state, focal_point, workshop, django_capture_on_commit_callbacks
):
    form = fp_client.get(url("delegation_register", workshop.slug))
    assert form.status_code == 200
    for name in (
        "email",
        "role",
        "title",
        "family_name",
        "given_names",
        "gender",
        "position",
        "institution",
        "based_in",
        "work_phone",
        "preferred_language",
    ):
        assert f'name="{name}"' in form.content.decode(), name
    assert 'name="passport_number"' not in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = fp_client.post(url("delegation_register", workshop.slug), on_behalf_data())

    assert response.status_code == 302
    assert response["Location"] == url("delegation_board", workshop.slug)
    # An account to claim, as before, but no profile and no registration until they accept.
    user = User.objects.get(email="grace.otieno@example.org")
    assert not user.has_usable_password()
    assert user.preferred_language == "fr"
    assert not DelegateProfile.objects.filter(user=user).exists()
    assert not Registration.objects.exists()
    invitation = DelegateInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.member_state) == (
        "grace.otieno@example.org",
        "adviser",
        state,
    )
    assert invitation.invited_by == focal_point
    assert invitation.details["position"] == "Director of Immigration"
    (message,) = mail.outbox
    assert message.to == ["grace.otieno@example.org"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "/accounts/password/reset/key/" in message.body  # claim the account first
    assert "/fr/invitations/" in message.body  # then accept
    board = fp_client.get(response["Location"]).content.decode()
    assert "If grace.otieno@example.org is the right address" in board
    invitations_table = board.split("Invitations awaiting an answer")[1].split("</table>")[0]
    assert "grace.otieno@example.org" in invitations_table and "Adviser" in invitations_table
    assert "OTIENO" not in board.split("<tbody>")[0]  # not among the delegates yet


def _normalised(page: str, email: str) -> str:
    page = page.replace(email, "EMAIL")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    page = re.sub(r"/invitations/\d+/", "/invitations/PK/", page)
    return re.sub(r"invitation-\d+", "invitation-PK", page)


def test_the_answer_is_the_same_whatever_account_the_address_has(
    client, state, focal_point, workshop, other_state, staff
):
    """Nothing the focal point sees tells whether the address has an account, or whose."""
    addresses = {
        "no account": "nobody.yet@example.org",
        "a delegate of this state": DelegateProfileFactory(member_state=state).user.email,
        "another state's delegate": DelegateProfileFactory(member_state=other_state).user.email,
        "another state's focal point": FocalPointFactory(member_state=other_state).user.email,
        "a donor contact": DelegateFactory(email="donor.contact@example.org").email,
        "staff": staff.email,
    }
    client.force_login(focal_point)
    answers = {}
    for who, email in addresses.items():
        response = client.post(
            url("delegation_register", workshop.slug),
            on_behalf_data(email=email, submission=f"form-{len(answers)}"),
        )
        board = client.get(url("delegation_board", workshop.slug)).content.decode()
        answers[who] = (
            response.status_code,
            response["Location"],
            response.content,
            _normalised(board, email),
        )
        DelegateInvitation.objects.update(withdrawn_at=timezone.now())  # a clean board

    first = answers["no account"]
    assert first[0] == 302
    for who, answer in answers.items():
        assert answer == first, who
    assert DelegateInvitation.objects.count() == len(addresses)


def test_inviting_an_existing_account_changes_nothing_on_it(
    fp_client, state, workshop, other_state, staff, django_capture_on_commit_callbacks
):
    stranger = DelegateProfileFactory(member_state=other_state, position="Ambassador")
    donor = DelegateFactory(first_name="Dora", last_name="Donor")
    for user in (stranger.user, donor, staff):
        with django_capture_on_commit_callbacks(execute=True):
            response = fp_client.post(
                url("delegation_register", workshop.slug),
                on_behalf_data(email=user.email.upper(), submission=user.email),
            )
        assert response.status_code == 302

    assert not Registration.objects.exists()
    assert list(DelegateProfile.objects.all()) == [stranger]
    stranger.refresh_from_db()
    assert (stranger.member_state, stranger.position) == (other_state, "Ambassador")
    donor.refresh_from_db()
    assert (donor.first_name, donor.last_name) == ("Dora", "Donor")
    assert donor.has_usable_password() and staff.has_usable_password()
    assert User.objects.count() == 4  # no account was added for any of them (+ focal point)
    # Each owner is asked to sign in and accept; nobody is sent a set-password link.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [stranger.user.email.lower(), donor.email.lower(), staff.email.lower()]
    )
    for message in mail.outbox:
        assert "/accounts/password/reset/key/" not in message.body
        assert "Sign in to the IDM Portal with this e-mail address" in message.body


def test_double_submit_of_register_on_behalf_makes_one_invitation(
    fp_client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = fp_client.post(url("delegation_register", workshop.slug), on_behalf_data())
        second = fp_client.post(url("delegation_register", workshop.slug), on_behalf_data())

    assert first.status_code == second.status_code == 302
    assert second["Location"] == url("delegation_board", workshop.slug)
    assert DelegateInvitation.objects.count() == 1
    assert User.objects.filter(email="grace.otieno@example.org").count() == 1
    assert len(mail.outbox) == 1


def test_inviting_the_same_address_again_renews_the_pending_invitation(
    fp_client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fp_client.post(url("delegation_register", workshop.slug), on_behalf_data())
    invitation = DelegateInvitation.objects.get()
    DelegateInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = fp_client.post(
            url("delegation_register", workshop.slug),
            on_behalf_data(
                email="Grace.Otieno@example.org",
                role="delegate",
                position="Deputy Director",
                submission="form-2",
            ),
            follow=True,
        )

    assert response.status_code == 200
    renewed = DelegateInvitation.objects.get()
    assert renewed.pk == invitation.pk
    assert (renewed.role, renewed.details["position"]) == ("delegate", "Deputy Director")
    assert renewed.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert len(mail.outbox) == 2  # the renewed invitation is sent again


def test_register_on_behalf_errors_show_next_to_the_field_and_keep_what_was_typed(
    fp_client, workshop
):
    data = on_behalf_data(email="not-an-address", family_name="")

    response = fp_client.post(url("delegation_register", workshop.slug, language="fr"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in field_block(page, "family_name")
    assert 'aria-invalid="true"' in field_block(page, "email")
    assert 'value="not-an-address"' in page
    assert 'value="Director of Immigration"' in page
    assert 'value="Grace Akinyi"' in page
    assert not DelegateInvitation.objects.exists()
    assert not User.objects.filter(email="not-an-address").exists()


def test_register_on_behalf_shows_the_consent_boxs_help_and_ties_every_help_to_its_input(
    fp_client, workshop
):
    page = fp_client.get(url("delegation_register", workshop.slug, language="fr")).content.decode()

    consent = field_block(page, "consent_to_public_listing")
    assert "Cochez-la seulement si la personne vous l’a dit." in consent
    # The box's label follows it, with no colon; the other fields' labels keep theirs.
    [label] = re.findall(r'<label for="id_consent_to_public_listing">([^<]*)</label>', consent)
    assert label.strip() and not label.rstrip().endswith(":")
    assert re.search(r'<label for="id_email"[^>]*>[^<]*:</label>', page)
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert "id_consent_to_public_listing_helptext" in " ".join(described)
    missing = {ref for refs in described for ref in refs.split() if ref not in ids}
    assert missing == set()


def test_registering_on_behalf_for_a_closed_workshop_is_refused_with_the_reason(fp_client):
    closed = WorkshopFactory(registration_status="closed")
    reason = f"Registration for “{closed.title}” is closed."

    page = fp_client.get(url("delegation_register", closed.slug)).content.decode()
    assert reason in page
    assert 'name="email"' not in page

    response = fp_client.post(url("delegation_register", closed.slug), on_behalf_data())
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not User.objects.filter(email="grace.otieno@example.org").exists()
    assert not DelegateInvitation.objects.exists()


def test_focal_point_withdraws_a_pending_invitation(
    fp_client, workshop, django_capture_on_commit_callbacks
):
    fp_client.post(url("delegation_register", workshop.slug), on_behalf_data())
    invitation = DelegateInvitation.objects.get()
    board = fp_client.get(url("delegation_board", workshop.slug)).content.decode()
    withdraw = url("delegation_withdraw_invitation", workshop.slug, invitation.pk)
    assert withdraw in board

    response = fp_client.post(withdraw)

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    board = fp_client.get(url("delegation_board", workshop.slug)).content.decode()
    assert "You withdrew the invitation sent to grace.otieno@example.org." in board
    assert "Invitations awaiting an answer" not in board
    assert fp_client.post(withdraw).status_code == 404  # no longer pending


def test_another_states_invitation_cannot_be_withdrawn(
    client, fp_client, workshop, other_state, django_capture_on_commit_callbacks
):
    theirs_by = FocalPointFactory(member_state=other_state).user
    invitation, _message = invite(
        by=theirs_by,
        email="theirs@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )

    board = fp_client.get(url("delegation_board", workshop.slug)).content.decode()
    response = fp_client.post(url("delegation_withdraw_invitation", workshop.slug, invitation.pk))

    assert "theirs@example.org" not in board
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


# --- note verbale ---------------------------------------------------------------------------


def test_focal_point_uploads_the_note_verbale(fp_client, delegate, workshop, delegation):
    Delegation.objects.filter(pk=delegation.pk).update(note_verbale_status="none")
    RegistrationFactory(delegate=delegate, workshop=workshop)
    assert fp_client.get(url("delegation_note_verbale", workshop.slug)).status_code == 200

    response = fp_client.post(url("delegation_note_verbale", workshop.slug), note_verbale_data())

    assert response.status_code == 302
    assert response["Location"] == url("delegation_board", workshop.slug)
    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.UPLOADED
    assert delegation.note_verbale_reference == "KMG/IOM/2099/17"
    assert delegation.note_verbale_date == datetime.date(2099, 2, 10)
    board = fp_client.get(response["Location"]).content.decode()
    assert "Note verbale awaiting verification" in board
    assert "can be confirmed once IOM verifies it" in board

    download = fp_client.get(url("delegation_note_verbale_file", workshop.slug))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == TINY_PDF


def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(
    fp_client, delegate, workshop, delegation
):
    RegistrationFactory(delegate=delegate, workshop=workshop)

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug), note_verbale_data(file=text_upload())
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Upload the note verbale as a PDF file." in field_block(page, "note_verbale")
    assert 'value="KMG/IOM/2099/17"' in page
    assert date_typed(page) == ("10", "February", "2099")
    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.VERIFIED
    assert not delegation.note_verbale


def test_a_pdf_name_on_other_content_is_refused(fp_client, delegate, workshop, delegation):
    RegistrationFactory(delegate=delegate, workshop=workshop)
    disguised = pdf_upload(content=b"<html><script>alert(1)</script></html>")

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug), note_verbale_data(file=disguised)
    )

    assert response.status_code == 400
    assert "This file is not a PDF document." in field_block(
        response.content.decode(), "note_verbale"
    )


@pytest.mark.parametrize(("build", "words"), HOSTILE)
def test_a_hostile_pdf_is_refused_next_to_the_field_keeping_what_was_typed(
    fp_client, delegate, workshop, delegation, build, words
):
    RegistrationFactory(delegate=delegate, workshop=workshop)

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug),
        note_verbale_data(file=pdf_upload(content=build())),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert words in field_block(page, "note_verbale")
    assert 'value="KMG/IOM/2099/17"' in page
    assert date_typed(page) == ("10", "February", "2099")
    delegation.refresh_from_db()
    assert not delegation.note_verbale


def test_a_real_note_verbale_of_several_pages_goes_through_the_form(
    fp_client, delegate, workshop, delegation
):
    RegistrationFactory(delegate=delegate, workshop=workshop)
    content = note_verbale_pdf(pages=5)

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug),
        note_verbale_data(file=pdf_upload(content=content)),
    )

    assert response.status_code == 302
    download = fp_client.get(url("delegation_note_verbale_file", workshop.slug))
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("who", ["focal_point", "staff"])
def test_the_note_verbale_is_only_ever_served_as_a_pdf_attachment(
    client, staff, focal_point, workshop, delegation, who
):
    delegations.upload_note_verbale(
        delegation=delegation,
        file=pdf_upload(),
        reference="R",
        date=datetime.date(2099, 1, 1),
        by=focal_point,
    )
    if who == "staff":
        client.force_login(staff)
        response = client.get(url("staff_note_verbale_file", delegation.pk))
    else:
        client.force_login(focal_point)
        response = client.get(url("delegation_note_verbale_file", workshop.slug))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_note_verbale_needs_its_reference_and_date(fp_client, delegate, workshop, delegation):
    RegistrationFactory(delegate=delegate, workshop=workshop)

    response = fp_client.post(
        url("delegation_note_verbale", workshop.slug),
        note_verbale_data(note_verbale_reference="", note_verbale_date=("31", "2", "2099")),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in field_block(page, "note_verbale_reference")
    date = field_block(page, "note_verbale_date")
    assert "Enter a real date." in date  # no 31 February
    assert 'name="note_verbale_date_0" value="31"' in date
    assert '<option value="2" selected>February</option>' in date


def test_note_verbale_waits_for_a_delegation(fp_client, workshop):
    page = fp_client.get(url("delegation_note_verbale", workshop.slug)).content.decode()
    assert "Register a delegate first" in page
    assert 'type="file"' not in page

    response = fp_client.post(url("delegation_note_verbale", workshop.slug), note_verbale_data())
    assert response.status_code == 400
    assert not Delegation.objects.exists()


def test_staff_download_any_note_verbale_through_the_checked_view(
    client, staff, focal_point, delegation
):
    delegations.upload_note_verbale(
        delegation=delegation,
        file=pdf_upload(),
        reference="R",
        date=datetime.date(2099, 1, 1),
        by=staff,
    )
    client.force_login(staff)
    response = client.get(url("staff_note_verbale_file", delegation.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF

    client.force_login(focal_point)  # the focal point uses its own board's link
    assert client.get(url("staff_note_verbale_file", delegation.pk)).status_code == 404


# --- boundaries -----------------------------------------------------------------------------

PAGES = [
    ("delegation_index", False),
    ("delegation_board", True),
    ("delegation_register", True),
    ("delegation_note_verbale", True),
    ("delegation_note_verbale_file", True),
]


@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_pages_require_sign_in(client, workshop, name, with_slug):
    response = client.get(url(name, *([workshop.slug] if with_slug else [])))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "with_slug"), PAGES)
def test_a_delegate_who_is_no_focal_point_gets_404(client, delegate, delegation, name, with_slug):
    RegistrationFactory(delegate=delegate, workshop=delegation.workshop)
    client.force_login(delegate.user)
    response = client.get(url(name, *([delegation.workshop.slug] if with_slug else [])))
    assert response.status_code == 404


def test_a_delegate_cannot_endorse_or_withdraw_through_the_board(client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)
    client.force_login(delegate.user)

    for name in ("delegation_endorse", "delegation_withdraw", "delegation_set_head"):
        assert client.post(url(name, workshop.slug, registration.pk)).status_code == 404
    registration.refresh_from_db()
    assert (registration.status, registration.role) == (Status.SUBMITTED, "delegate")


def test_staff_who_are_no_focal_point_get_404_on_the_board(client, staff, delegation):
    client.force_login(staff)
    assert client.get(url("delegation_board", delegation.workshop.slug)).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("delegation_endorse", "post"),
        ("delegation_set_head", "post"),
        ("delegation_withdraw", "get"),
        ("delegation_withdraw", "post"),
    ],
)
def test_another_states_registration_is_not_found(fp_client, workshop, theirs, name, method):
    response = getattr(fp_client, method)(url(name, workshop.slug, theirs.pk))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.role) == (Status.SUBMITTED, Registration.Role.DELEGATE)


def test_a_registration_is_found_only_under_its_own_workshop(fp_client, delegate, workshop):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)
    elsewhere = WorkshopFactory()

    response = fp_client.post(url("delegation_endorse", elsewhere.slug, registration.pk))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_another_states_note_verbale_is_not_served(client, staff, other_state, workshop, theirs):
    delegations.upload_note_verbale(
        delegation=theirs.delegation,
        file=pdf_upload(),
        reference="R",
        date=datetime.date(2099, 1, 1),
        by=staff,
    )
    # The focal point of a state with no note verbale at that workshop: nothing to serve.
    mine = FocalPointFactory(member_state=MemberStateFactory(name="Mine")).user
    client.force_login(mine)
    assert client.get(url("delegation_note_verbale_file", workshop.slug)).status_code == 404
    assert client.get(url("staff_note_verbale_file", theirs.delegation.pk)).status_code == 404
    board = client.get(url("delegation_board", workshop.slug)).content.decode()
    assert "STRANGER" not in board and "Other State" not in board


# --- navigation and languages ---------------------------------------------------------------


def test_only_focal_points_see_the_my_delegation_link(client, focal_point, other_user):
    link = url("delegation_index")
    assert link not in client.get(url("my_registrations"), follow=True).content.decode()
    client.force_login(other_user)
    assert link not in client.get(url("my_registrations")).content.decode()
    client.force_login(focal_point)
    assert link in client.get(url("my_registrations")).content.decode()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_page_renders_in_each_language(fp_client, delegate, workshop, delegation, language):
    registration = RegistrationFactory(delegate=delegate, workshop=workshop)
    pages = [
        url("delegation_index", language=language),
        url("delegation_board", workshop.slug, language=language),
        url("delegation_register", workshop.slug, language=language),
        url("delegation_note_verbale", workshop.slug, language=language),
        url("delegation_withdraw", workshop.slug, registration.pk, language=language),
    ]
    for page_url in pages:
        assert page_url.startswith(f"/{language}/")
        response = fp_client.get(page_url)
        assert response.status_code == 200, page_url
        assert f'<html lang="{language}">' in response.content.decode(), page_url
