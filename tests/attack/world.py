"""One state's and one donor's data, and a person in each role, for the attacks of issue 15.

`build_world()` makes a published programme with an open workshop; state A with its delegate
(a confirmed seat, passport details, a sponsorship request, letters), its focal point (a
delegation with a note verbale, an invitation, the state's survey response); state B with a
delegate and a focal point of its own; donor A and donor B, each with a contact and a pledge;
the Secretariat and Finance; and one generated file of every kind. Everything the sweep
(test_access_sweep.py) and the passport hunt (test_passport_leaks.py) ask for hangs off it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from funding.models.donors import Donor
from idm_portal.models import GeneratedFile
from registrations.models.lifecycle import Registration
from registrations.services import invitations
from surveys.models.responses import Participation, Response
from surveys.models.surveys import Question
from tests.funding.factories import DonorFactory, PledgeFactory, budget
from tests.idm_portal.factories import (
    DelegateFactory,
    FinanceStaffFactory,
    SecretariatStaffFactory,
)
from tests.registrations.factories import (
    DelegateProfileFactory,
    DelegationFactory,
    FocalPointFactory,
    RegistrationFactory,
    SponsorshipFactory,
    SponsorshipSettingsFactory,
)
from tests.registrations.pdf_files import TINY_PDF
from tests.surveys.factories import QuestionFactory, SurveyFactory, question_with_choices
from tests.workshops.document_factories import DocumentFactory
from tests.workshops.factories import MemberStateFactory, ProgrammeFactory, WorkshopFactory
from workshops.models import Document

# The roles of the sweep, in the order they are tried (the owners last, so that an owner's
# POST that changes something comes after every refused attempt).
ANONYMOUS = "anonymous"
OTHER_DELEGATE = "other_delegate"
OTHER_FOCAL_POINT = "other_focal_point"
DONOR = "donor"
OTHER_DONOR = "other_donor"
SECRETARIAT = "secretariat"
FINANCE = "finance"
DELEGATE = "delegate"
FOCAL_POINT = "focal_point"
INVITEE = "invitee"
ROLES = (
    ANONYMOUS,
    OTHER_DELEGATE,
    OTHER_FOCAL_POINT,
    OTHER_DONOR,
    FINANCE,
    SECRETARIAT,
    DONOR,
    FOCAL_POINT,
    INVITEE,
    DELEGATE,
)
STAFF = frozenset({SECRETARIAT, FINANCE})
EVERYONE = frozenset(ROLES)

PASSPORT_NUMBER = "ZQ7301946XK"  # planted: unique enough to be found anywhere it leaks


@dataclass
class World:
    users: dict[str, Any]
    programme: Any
    workshop: Any
    state: Any
    other_state: Any
    profile: Any
    registration: Any
    other_registration: Any
    delegation: Any
    sponsorship: Any
    invitation: Any
    invitation_token: str
    donor: Donor
    other_donor: Donor
    pledge: Any
    other_pledge: Any
    survey: Any
    question: Any
    ranking_question: Any
    response: Response
    public_document: Document
    internal_document: Document
    files: dict[str, GeneratedFile] = field(default_factory=dict)


def _file(kind: str, obj, name: str, content: bytes = TINY_PDF) -> GeneratedFile:
    row = GeneratedFile(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        language="en",
        state=GeneratedFile.State.DONE,
        finished_at=timezone.now(),
    )
    row.file.save(name, ContentFile(content), save=False)
    row.save()
    return row


def _document(programme, symbol: str, visibility) -> Document:
    return DocumentFactory(programme=programme, symbol=symbol, visibility=visibility)


def build_world(*, passport_number: str = PASSPORT_NUMBER) -> World:
    start = timezone.localdate() + datetime.timedelta(days=30)
    programme = ProgrammeFactory(year=start.year + 50)
    workshop = WorkshopFactory(
        programme=programme, start_date=start, end_date=start + datetime.timedelta(days=1)
    )
    SponsorshipSettingsFactory(workshop=workshop)
    budget(workshop, participant_travel="100000.00")
    state = MemberStateFactory(name="Republic of Ayland")
    other_state = MemberStateFactory(name="Republic of Beeland")

    profile = DelegateProfileFactory(
        member_state=state,
        with_passport=True,
        passport_number=passport_number,
        passport_expiry=datetime.date(2040, 1, 1),
        wants_visa_letter=True,
    )
    registration = RegistrationFactory(
        delegate=profile, workshop=workshop, status=Registration.Status.CONFIRMED
    )
    delegation = DelegationFactory(member_state=state, workshop=workshop)
    delegation.note_verbale.save("note-verbale.pdf", ContentFile(TINY_PDF), save=True)
    sponsorship = SponsorshipFactory(registration=registration, workshop=workshop)

    focal_point = FocalPointFactory(member_state=state).user
    other_profile = DelegateProfileFactory(member_state=other_state)
    other_registration = RegistrationFactory(
        delegate=other_profile, workshop=workshop, status=Registration.Status.CONFIRMED
    )
    other_focal_point = FocalPointFactory(member_state=other_state).user

    invitee = DelegateFactory(email="invitee@example.org")
    invitation = invitations.invite_delegate(
        by=focal_point,
        email=invitee.email,
        workshop=workshop,
        profile={"title": "dr", "family_name": "Otieno", "given_names": "Grace"},
    )
    invitation_token = invitations.issue_token(invitation_pk=invitation.pk)

    donor = DonorFactory(name="Ayland Foundation")
    other_donor = DonorFactory(name="Beeland Foundation")
    donor_contact, other_donor_contact = DelegateFactory(), DelegateFactory()
    donor.contacts.add(donor_contact)
    other_donor.contacts.add(other_donor_contact)
    pledge = PledgeFactory(donor=donor, workshop=workshop)
    other_pledge = PledgeFactory(donor=other_donor, workshop=workshop)

    survey = SurveyFactory(programme=programme)
    question = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT)
    ranking_question = question_with_choices(survey, Question.Kind.RANKING)
    response = Response.objects.create(
        survey=survey, member_state=state, submitted_by=focal_point, submitted_at=timezone.now()
    )
    response.answers.create(question=question, text="Our answer.")
    Participation.objects.create(
        survey=survey, member_state=state, submitted_by=focal_point, submitted_at=timezone.now()
    )

    public_document = _document(programme, f"IC/{programme.year}/1", Document.Visibility.PUBLIC)
    internal_document = _document(programme, f"IC/{programme.year}/2", Document.Visibility.STAFF)

    users = {
        ANONYMOUS: None,
        DELEGATE: profile.user,
        FOCAL_POINT: focal_point,
        OTHER_DELEGATE: other_profile.user,
        OTHER_FOCAL_POINT: other_focal_point,
        DONOR: donor_contact,
        OTHER_DONOR: other_donor_contact,
        SECRETARIAT: SecretariatStaffFactory(),
        FINANCE: FinanceStaffFactory(),
        INVITEE: invitee,
    }
    world = World(
        users=users,
        programme=programme,
        workshop=workshop,
        state=state,
        other_state=other_state,
        profile=profile,
        registration=registration,
        other_registration=other_registration,
        delegation=delegation,
        sponsorship=sponsorship,
        invitation=invitation,
        invitation_token=invitation_token,
        donor=donor,
        other_donor=other_donor,
        pledge=pledge,
        other_pledge=other_pledge,
        survey=survey,
        question=question,
        ranking_question=ranking_question,
        response=response,
        public_document=public_document,
        internal_document=internal_document,
    )
    world.files = {
        "document_pdf": _file("document_pdf", public_document, "document.pdf"),
        "confirmation_letter": _file("confirmation_letter", registration, "confirmation.pdf"),
        "visa_letter": _file("visa_letter", registration, "visa-letter.pdf"),
        "participants_pdf": _file("participants_pdf", workshop, "participants.pdf"),
        "participants_staff_pdf": _file("participants_staff_pdf", workshop, "staff.pdf"),
        "participants_xlsx": _file("participants_xlsx", workshop, "participants.xlsx"),
        "participants_staff_xlsx": _file("participants_staff_xlsx", workshop, "staff.xlsx"),
        "survey_results_pdf": _file("survey_results_pdf", survey, "results.pdf"),
        "survey_answers_csv": _file("survey_answers_csv", survey, "answers.csv", b"1. Q\r\n"),
        "survey_answers_xlsx": _file("survey_answers_xlsx", survey, "answers.xlsx"),
        "funding_report_programme": _file("funding_report_programme", programme, "funding.pdf"),
        "funding_report_donor": _file("funding_report_donor", donor, "donor.pdf"),
    }
    return world
