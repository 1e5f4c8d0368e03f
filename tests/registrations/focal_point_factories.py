"""Data for the focal point's pages: a programme with several workshops, a delegation with its
delegates, and small files to upload as a note verbale."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registrations.models import Registration
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
