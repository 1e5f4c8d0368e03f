"""Data for the focal point's pages: a programme with several workshops, a delegation with its
delegates, and small files to upload as a note verbale."""

import datetime
import re

from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registrations.models.lifecycle import Registration
from registrations.services import invitations
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.pdf_files import TINY_PDF
from tests.workshops.factories import ProgrammeFactory, WorkshopFactory


def pdf_upload(name: str = "note-verbale.pdf", content: bytes = TINY_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text_upload(name: str = "note-verbale.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Not a PDF at all.", content_type="text/plain")


def programme_with_workshops(count: int = 2, *, year: int = 2999, in_days: int = 30):
    """A published programme (the latest, so the current one) with `count` upcoming
    workshops a week apart."""
    programme = ProgrammeFactory(year=year)
    start = timezone.localdate() + datetime.timedelta(days=in_days)
    workshops = [
        WorkshopFactory(
            programme=programme,
            start_date=start + datetime.timedelta(days=7 * number),
            end_date=start + datetime.timedelta(days=7 * number + 1),
        )
        for number in range(count)
    ]
    return programme, workshops


def delegation_registrations(
    *, state, workshop, count: int, status=Registration.Status.SUBMITTED, **kwargs
) -> list[Registration]:
    """`count` delegates of `state` registered for `workshop` (one delegation)."""
    return [
        RegistrationFactory(
            delegate=DelegateProfileFactory(member_state=state),
            workshop=workshop,
            status=status,
            **kwargs,
        )
        for _ in range(count)
    ]


def invited_profile(**overrides) -> dict:
    """What a focal point types about a delegate it invites."""
    profile = {
        "title": "dr",
        "family_name": "Otieno",
        "given_names": "Grace Akinyi",
        "gender": "female",
        "position": "Director of Immigration",
        "institution": "Department of Immigration",
        "based_in": "capital",
        "work_phone": "+254 20 222 2022",
    }
    profile.update(overrides)
    return profile


def invite(*, by, email: str, workshop, capture, role: str = "adviser", **profile):
    """The focal point `by` invites `email` (through the service); returns the invitation and
    the e-mail it sent (`capture`: pytest-django's django_capture_on_commit_callbacks)."""

    sent_before = len(mail.outbox)
    with capture(execute=True):
        invitation = invitations.invite_delegate(
            by=by, email=email, workshop=workshop, role=role, profile=invited_profile(**profile)
        )
    (message,) = mail.outbox[sent_before:]
    return invitation, message


def invitation_path(message) -> str:
    """The path of the invitation link in an invitation e-mail."""

    (link,) = set(re.findall(r"\S+/invitations/[\w-]+/", message.body))
    return link.removeprefix(settings.PORTAL_BASE_URL.rstrip("/"))
