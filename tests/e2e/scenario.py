"""A small programme with something on every page, for the accessibility sweep
(test_accessibility.py): two workshops with agendas and key dates, a public document, a
member state with its focal point, a confirmed and sponsored delegate with a visa letter
asked for, a delegate waiting for endorsement, a pending invitation, a donor with pledges
and payments, budgets, a published list of participants, an open survey with answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from funding.models.budgets import Category
from funding.models.pledges import Pledge
from registrations.models.delegations import Delegation
from registrations.models.lifecycle import Registration
from registrations.participants_lists import services as participants_lists
from registrations.services import invitations, sponsorships
from surveys.models.surveys import Question, Survey
from tests.funding.factories import DonorFactory, PledgeFactory, budget
from tests.funding.pages import swiss_donor
from tests.idm_portal.factories import SecretariatStaffFactory
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
    SponsorshipFactory,
    SponsorshipSettingsFactory,
)
from tests.registrations.focal_point_factories import invited_profile
from tests.registrations.pdf_files import note_verbale_pdf
from tests.surveys.factories import ChoiceFactory, QuestionFactory, SurveyFactory
from tests.workshops.document_factories import DocumentFactory, twelve_paragraphs
from tests.workshops.factories import (
    AgendaItemFactory,
    KeyDateFactory,
    MemberStateFactory,
    ProgrammeFactory,
    WorkshopFactory,
)


@dataclass
class Scenario:
    programme: object
    workshop: object
    other_workshop: object
    document: object
    state: object
    focal_point: object
    delegate: object
    registration: object
    waiting: object
    sponsorship: object
    donor: object
    donor_contact: object
    pledge: object
    survey: object
    staff: object
    invitation_email: str


def build() -> Scenario:
    today = timezone.localdate()
    programme = ProgrammeFactory(year=today.year + 1, theme="Migration for All")
    start = today + datetime.timedelta(days=40)
    workshop = WorkshopFactory(
        programme=programme,
        title="Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        registration_deadline=start - datetime.timedelta(days=10),
    )
    other = WorkshopFactory(
        programme=programme,
        title="Managing Return Migration",
        start_date=start + datetime.timedelta(days=60),
        end_date=start + datetime.timedelta(days=61),
    )
    for hour in (9, 11, 14):
        AgendaItemFactory(workshop=workshop, start_time=datetime.time(hour))
    KeyDateFactory(programme=programme)
    document = DocumentFactory(
        programme=programme, workshop=workshop, body=twelve_paragraphs(), date=today
    )

    SponsorshipSettingsFactory(workshop=workshop)
    for each in (workshop, other):
        budget(
            each,
            **{Category.PARTICIPANT_TRAVEL: "60000.00", Category.VENUE: "25000.00"},
        )
    donor, contact, pledge = swiss_donor(workshop)
    PledgeFactory(
        donor=DonorFactory(name="Anonymous", is_publicly_named=False),
        programme=programme,
        status=Pledge.Status.PLEDGED,
    )

    state = MemberStateFactory(name="Kenya")
    focal_point = FocalPointFactory(member_state=state).user
    delegation = DelegationFactory(
        member_state=state,
        workshop=workshop,
        note_verbale_reference="KE/GVA/2026/117",
        note_verbale_date=today,
    )
    delegation.note_verbale.save("note-verbale.pdf", ContentFile(note_verbale_pdf(1)))
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.VERIFIED
    delegate = DelegateProfileFactory(
        member_state=state, family_name="Mwangi", given_names="Grace", with_passport=True
    )
    delegate.wants_visa_letter = True
    delegate.passport_expiry = start + datetime.timedelta(days=400)
    delegate.save()
    registration = RegistrationFactory(
        workshop=workshop, delegate=delegate, status=Registration.Status.ENDORSED
    )
    registration.status = Registration.Status.CONFIRMED
    registration.save()
    sponsorship = SponsorshipFactory(registration=registration)
    staff = SecretariatStaffFactory()
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    waiting = RegistrationFactory(
        workshop=workshop,
        delegate=DelegateProfileFactory(member_state=state, family_name="Kamau"),
    )
    invitation_email = "otieno@example.org"
    invitations.invite_delegate(
        by=focal_point,
        email=invitation_email,
        workshop=workshop,
        profile=invited_profile(),
    )
    participants_lists.publish_participants_lists(workshops=[workshop], by=staff)

    survey = SurveyFactory(programme=programme, title_en="Membership survey: the next theme")
    theme = QuestionFactory(
        survey=survey, kind=Question.Kind.RANKING, text_en="Rank the themes for next year."
    )
    for text in ("Climate change", "Labour mobility", "Return migration"):
        ChoiceFactory(question=theme, text_en=text)
    QuestionFactory(survey=survey, kind=Question.Kind.RATING, text_en="How useful?")
    QuestionFactory(survey=survey, kind=Question.Kind.NUMBER, text_en="How many staff?")
    assert survey.status == Survey.Status.OPEN

    return Scenario(
        programme=programme,
        workshop=workshop,
        other_workshop=other,
        document=document,
        state=state,
        focal_point=focal_point,
        delegate=delegate,
        registration=registration,
        waiting=waiting,
        sponsorship=sponsorship,
        donor=donor,
        donor_contact=contact,
        pledge=pledge,
        survey=survey,
        staff=staff,
        invitation_email=invitation_email,
    )
