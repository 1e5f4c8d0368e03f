import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from idm_portal.models import User
from registrations.errors import (
    AlreadyRegistered,
    InvalidNoteVerbale,
    NoSeatOffer,
    NoteVerbaleRequired,
    NotFocalPoint,
    RegistrationError,
    WorkshopClosed,
)
from registrations.models.delegations import Delegation
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.selectors import delegations as delegations_selectors
from registrations.services import delegations, invitations, lifecycle, registering
from tests.idm_portal.factories import DelegateFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
)
from tests.registrations.focal_point_factories import invite
from tests.registrations.pdf_files import TINY_PDF
from tests.workshops.factories import MemberStateFactory, WorkshopFactory

Status = Registration.Status
PDF = TINY_PDF


# --- registering ----------------------------------------------------------------------------


def test_delegate_registers_into_the_states_delegation(delegate, workshop):
    registration = registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert registration.status == Status.SUBMITTED
    assert registration.delegation.member_state == delegate.member_state
    assert registration.delegation.workshop == workshop


def test_organisation_registers_without_delegation(workshop):
    delegate = DelegateProfileFactory(organization=True)
    registration = registering.register(delegate=delegate, workshop=workshop, role="observer")
    assert registration.delegation is None
    assert Delegation.objects.count() == 0


def test_registering_twice_is_refused_with_a_clear_message(delegate, workshop):
    registering.register(delegate=delegate, workshop=workshop, role="delegate")
    with pytest.raises(AlreadyRegistered) as error:
        registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert error.value.field == "workshop"
    assert "already registered" in str(error.value)
    assert Registration.objects.count() == 1


def test_registering_again_after_a_cancellation_is_allowed(delegate, workshop):
    first = registering.register(delegate=delegate, workshop=workshop, role="delegate")
    lifecycle.cancel(registration=first, by=delegate.user)
    second = registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert second.pk != first.pk


def test_closed_workshop_refuses_registration_with_the_reason(delegate, workshop):
    workshop.registration_status = workshop.RegistrationStatus.CLOSED
    workshop.save()
    with pytest.raises(WorkshopClosed) as error:
        registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert "is closed" in str(error.value)
    assert workshop.title in str(error.value)
    assert not Registration.objects.exists()


def test_a_workshop_that_has_started_takes_no_registration_though_staff_left_it_open(delegate):
    workshop = WorkshopFactory(
        start_date=datetime.date(2009, 3, 25),
        end_date=datetime.date(2009, 3, 26),
        registration_status="open",
    )
    with pytest.raises(WorkshopClosed) as error:
        registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert "started on" in str(error.value)
    assert not Registration.objects.exists()


def test_received_email_sent_after_commit(delegate, workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registering.register(delegate=delegate, workshop=workshop, role="delegate")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [delegate.user.email]
    assert "Registration received" in mail.outbox[0].subject
    assert RegistrationEmail.objects.get().status == RegistrationEmail.Status.SENT


# --- focal points ---------------------------------------------------------------------------


def test_focal_point_endorses_own_states_delegate(delegate, focal_point, workshop, delegation):
    registration = registering.register(delegate=delegate, workshop=workshop, role="delegate")
    lifecycle.endorse(registration=registration, by=focal_point)
    assert registration.status == Status.ENDORSED


def test_focal_point_cannot_endorse_another_states_delegate(delegate, workshop):
    registration = registering.register(delegate=delegate, workshop=workshop, role="delegate")
    stranger = FocalPointFactory(member_state=MemberStateFactory(name="Elsewhere")).user
    with pytest.raises(NotFocalPoint):
        lifecycle.endorse(registration=registration, by=stranger)
    with pytest.raises(NotFocalPoint):
        lifecycle.withdraw(registration=registration, by=stranger)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_focal_point_registration_is_endorsed_at_once(delegate, focal_point, workshop):
    registration = registering.register(
        delegate=delegate, workshop=workshop, role="delegate", registered_by=focal_point
    )
    assert registration.status == Status.ENDORSED
    assert registration.registered_by == focal_point


def test_focal_point_of_another_state_cannot_register_on_behalf(delegate, workshop):
    stranger = FocalPointFactory().user
    with pytest.raises(NotFocalPoint):
        registering.register(
            delegate=delegate, workshop=workshop, role="delegate", registered_by=stranger
        )


def test_inviting_a_new_address_opens_an_account_to_claim_and_registers_nothing(
    focal_point, state, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invite_delegate(
            by=focal_point,
            email="new.delegate@example.org",
            workshop=workshop,
            role="adviser",
            profile={
                "title": "dr",
                "family_name": "Otieno",
                "given_names": "Grace",
                "position": "Director",
                "institution": "Department of Immigration",
            },
        )
    user = User.objects.get(email="new.delegate@example.org")
    assert not user.has_usable_password()
    assert invitation.member_state == state and invitation.is_pending
    assert not DelegateProfile.objects.exists() and not Registration.objects.exists()
    (message,) = mail.outbox
    assert message.subject == f"[IDM] Invitation to register for {workshop.title}"
    assert "/accounts/password/reset/key/" in message.body
    assert "/invitations/" in message.body


def test_claim_link_of_the_invitation_lets_the_delegate_set_a_password(
    focal_point, workshop, client, django_capture_on_commit_callbacks
):
    _invitation, message = invite(
        by=focal_point,
        email="claim.me@example.org",
        workshop=workshop,
        capture=django_capture_on_commit_callbacks,
    )
    (link,) = re.findall(r"\S+/accounts/password/reset/key/\S+", message.body)
    assert link.startswith(settings.PORTAL_BASE_URL)
    url = link.removeprefix(settings.PORTAL_BASE_URL)
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(
        form_url, {"password1": "a-new-strong-pass-2009", "password2": "a-new-strong-pass-2009"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="claim.me@example.org")
    assert user.check_password("a-new-strong-pass-2009")


def test_first_registration_with_its_profile_makes_both(db, workshop, state):
    user = DelegateFactory()
    registration = registering.register_with_profile(
        user=user,
        profile={
            "title": "ms",
            "family_name": "Mwangi",
            "given_names": "Grace",
            "member_state": state,
            "position": "Counsellor",
            "institution": "Permanent Mission",
        },
        workshop=workshop,
        role="delegate",
    )
    assert registration.delegate.user == user
    assert registration.delegate.member_state == state
    with pytest.raises(AlreadyRegistered):  # a second submit of the same form
        registering.register_with_profile(
            user=user, profile={"family_name": "Other"}, workshop=workshop, role="delegate"
        )
    assert DelegateProfile.objects.get(user=user).family_name == "Mwangi"


def test_head_of_delegation_is_named_and_previous_becomes_delegate(
    state, focal_point, workshop, delegation
):
    first = RegistrationFactory(delegate__member_state=state, workshop=workshop)
    second = RegistrationFactory(delegate__member_state=state, workshop=workshop)
    delegations.set_head_of_delegation(delegation=delegation, registration=first, by=focal_point)
    delegations.set_head_of_delegation(delegation=delegation, registration=second, by=focal_point)
    first.refresh_from_db()
    second.refresh_from_db()
    assert delegations_selectors.head_of(delegation) == second
    assert second.role == Registration.Role.HEAD_OF_DELEGATION
    assert first.role == Registration.Role.DELEGATE


# --- note verbale ---------------------------------------------------------------------------


def _pdf(name="note.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_confirmation_needs_a_verified_note_verbale(staff, state, focal_point, workshop):
    delegation = DelegationFactory(
        member_state=state,
        workshop=workshop,
        note_verbale_status=Delegation.NoteVerbaleStatus.NONE,
    )
    registration = RegistrationFactory(
        delegate__member_state=state, workshop=workshop, status=Status.ENDORSED
    )
    with pytest.raises(NoteVerbaleRequired):
        lifecycle.confirm(registration=registration, by=staff)

    delegations.upload_note_verbale(
        delegation=delegation,
        file=_pdf(),
        reference="KEN/2009/117",
        date=datetime.date(2009, 2, 1),
        by=focal_point,
    )
    with pytest.raises(NoteVerbaleRequired):
        lifecycle.confirm(registration=registration, by=staff)

    delegations.verify_note_verbale(delegation=delegation, by=staff)
    lifecycle.confirm(registration=registration, by=staff)
    assert registration.status == Status.CONFIRMED
    delegation.refresh_from_db()
    assert delegation.verified_by == staff


def test_waived_note_verbale_lets_staff_confirm(staff, state, workshop):
    delegation = DelegationFactory(
        member_state=state,
        workshop=workshop,
        note_verbale_status=Delegation.NoteVerbaleStatus.NONE,
    )
    registration = RegistrationFactory(
        delegate__member_state=state, workshop=workshop, status=Status.ENDORSED
    )
    delegations.waive_note_verbale(delegation=delegation, by=staff)
    lifecycle.confirm(registration=registration, by=staff)
    assert registration.status == Status.CONFIRMED


def test_organisation_is_confirmed_without_note_verbale(staff, workshop):
    registration = RegistrationFactory(delegate__organization=True, workshop=workshop)
    lifecycle.confirm(registration=registration, by=staff)
    assert registration.status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("note.docx", PDF, "PDF file"),
        ("note.pdf", b"MZ\x90\x00 not a pdf at all", "not a PDF"),
        ("note.pdf", PDF + b"0" * (5 * 1024 * 1024), "at most"),
    ],
)
def test_note_verbale_must_be_a_small_pdf(focal_point, delegation, name, content, words):
    with pytest.raises(InvalidNoteVerbale) as error:
        delegations.upload_note_verbale(
            delegation=delegation,
            file=_pdf(name, content),
            reference="KEN/1",
            date=datetime.date(2009, 2, 1),
            by=focal_point,
        )
    assert error.value.field == "note_verbale"
    assert words in str(error.value)


def test_other_states_focal_point_cannot_upload_note_verbale(delegation):
    stranger = FocalPointFactory().user
    with pytest.raises(NotFocalPoint):
        delegations.upload_note_verbale(
            delegation=delegation,
            file=_pdf(),
            reference="X/1",
            date=datetime.date(2009, 2, 1),
            by=stranger,
        )


def test_a_replaced_note_verbale_file_is_deleted_once_the_new_one_is_stored(
    focal_point, delegation, django_capture_on_commit_callbacks
):
    def upload(reference):
        with django_capture_on_commit_callbacks(execute=True):
            delegations.upload_note_verbale(
                delegation=delegation,
                file=_pdf(),
                reference=reference,
                date=datetime.date(2009, 2, 1),
                by=focal_point,
            )
        delegation.refresh_from_db()
        return delegation.note_verbale.name

    storage = delegation.note_verbale.storage
    first = upload("KEN/2009/1")
    assert storage.exists(first)

    second = upload("KEN/2009/2")

    assert second != first and storage.exists(second)
    assert not storage.exists(first)
    assert delegation.note_verbale_reference == "KEN/2009/2"


def test_a_refused_replacement_keeps_the_note_verbale_file(
    focal_point, delegation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegations.upload_note_verbale(
            delegation=delegation,
            file=_pdf(),
            reference="KEN/2009/1",
            date=datetime.date(2009, 2, 1),
            by=focal_point,
        )
    delegation.refresh_from_db()
    kept = delegation.note_verbale.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidNoteVerbale):
        delegations.upload_note_verbale(
            delegation=delegation,
            file=_pdf("note.docx"),
            reference="KEN/2009/2",
            date=datetime.date(2009, 2, 1),
            by=focal_point,
        )
    delegation.refresh_from_db()
    assert delegation.note_verbale.name == kept
    assert delegation.note_verbale.storage.exists(kept)


# --- capacity, caps and the waitlist --------------------------------------------------------


def _endorsed(workshop, count, **kwargs):
    return [
        RegistrationFactory(workshop=workshop, status=Status.ENDORSED, **kwargs)
        for _ in range(count)
    ]


def test_full_workshop_waitlists_further_confirmations(staff, workshop):
    workshop.capacity = 2
    workshop.sponsored_seats = 0
    workshop.save()
    outcomes = [lifecycle.confirm(registration=r, by=staff).status for r in _endorsed(workshop, 3)]
    assert outcomes == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]


def test_state_cap_waitlists_beyond_it(staff, state, workshop, delegation):
    delegation.cap = 1
    delegation.save()
    mine = _endorsed(workshop, 2, delegate__member_state=state)
    other = _endorsed(workshop, 1)
    assert lifecycle.confirm(registration=mine[0], by=staff).status == Status.CONFIRMED
    assert lifecycle.confirm(registration=mine[1], by=staff).status == Status.WAITLISTED
    assert lifecycle.confirm(registration=other[0], by=staff).status == Status.CONFIRMED


def test_cancelled_seat_is_offered_to_first_waitlisted_by_priority(
    staff, workshop, django_capture_on_commit_callbacks
):
    workshop.capacity = 1
    workshop.sponsored_seats = 0
    workshop.save()
    holder, early, late_but_priority = _endorsed(workshop, 3)
    lifecycle.confirm(registration=holder, by=staff)
    lifecycle.confirm(registration=early, by=staff)
    lifecycle.confirm(registration=late_but_priority, by=staff)
    late_but_priority.waitlist_priority = 5
    late_but_priority.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.cancel(registration=holder, by=holder.delegate.user)

    late_but_priority.refresh_from_db()
    early.refresh_from_db()
    assert late_but_priority.status == Status.WAITLISTED
    assert late_but_priority.offer_expires_at > timezone.now()
    assert early.offer_expires_at is None
    offer = next(m for m in mail.outbox if m.to == [late_but_priority.delegate.user.email])
    assert "A seat is available" in offer.subject

    # The held seat is not given to anyone else meanwhile...
    assert lifecycle.confirm(registration=early, by=staff).status == Status.WAITLISTED
    # ...and the delegate takes it.
    lifecycle.accept_offer(registration=late_but_priority, by=late_but_priority.delegate.user)
    assert late_but_priority.status == Status.CONFIRMED


def test_lapsed_offer_goes_to_the_next_on_the_waitlist(staff, workshop):
    workshop.capacity = 1
    workshop.sponsored_seats = 0
    workshop.save()
    holder, first, second = _endorsed(workshop, 3)
    for registration in (holder, first, second):
        lifecycle.confirm(registration=registration, by=staff)
    lifecycle.cancel(registration=holder, by=staff)
    first.refresh_from_db()
    Registration.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert lifecycle.expire_offers() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.DECLINED
    assert second.offer_expires_at is not None
    with pytest.raises(NoSeatOffer):
        lifecycle.accept_offer(registration=first, by=first.delegate.user)


def test_accepting_an_expired_offer_is_refused(workshop):
    registration = RegistrationFactory(
        workshop=workshop,
        status=Status.WAITLISTED,
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    with pytest.raises(NoSeatOffer):
        lifecycle.accept_offer(registration=registration, by=registration.delegate.user)


def test_delegate_profile_requires_state_or_organisation():

    profile = DelegateProfileFactory.build(
        participant_type=DelegateProfile.ParticipantType.NGO, member_state=None, organisation=""
    )
    with pytest.raises(ValidationError) as error:
        profile.full_clean(exclude=["user"])
    assert "organisation" in error.value.error_dict


# --- the head of delegation -----------------------------------------------------------------


def test_registering_as_head_names_the_delegations_head(staff, delegate, workshop):
    registration = registering.register(
        delegate=delegate,
        workshop=workshop,
        role=Registration.Role.HEAD_OF_DELEGATION,
        registered_by=staff,
    )
    assert delegations_selectors.head_of(registration.delegation) == registration


def test_a_second_head_is_refused_with_the_way_to_change_heads(staff, state, workshop):
    registering.register(
        delegate=DelegateProfileFactory(member_state=state),
        workshop=workshop,
        role=Registration.Role.HEAD_OF_DELEGATION,
        registered_by=staff,
    )
    second = DelegateProfileFactory(member_state=state)
    with pytest.raises(RegistrationError) as error:
        registering.register(
            delegate=second,
            workshop=workshop,
            role=Registration.Role.HEAD_OF_DELEGATION,
            registered_by=staff,
        )
    assert error.value.field == "role"
    assert "delegation board" in str(error.value)
    assert not Registration.objects.filter(delegate=second).exists()
