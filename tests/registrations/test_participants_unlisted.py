"""The public list of participants says how many participants it leaves out (those who did
not consent to be listed), in the PDF and the XLSX, in the reader's language; the staff
version, which lists everyone, does not."""

import pytest

from registrations.models.lifecycle import Registration
from registrations.renderers import participants_lists as renderers
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.registrations.test_documents import pdf_text, xlsx_rows
from tests.workshops.factories import WorkshopFactory

NOT_LISTED = "2 participants are not listed: they did not consent to appear in the public list."


@pytest.fixture
def workshop(db):
    workshop = WorkshopFactory()
    for family, consents in (("Listed", True), ("Private", False), ("Quiet", False)):
        RegistrationFactory(
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
            delegate=DelegateProfileFactory(family_name=family, consent_to_public_listing=consents),
        )
    # Not confirmed: in no list, and not counted as left out.
    RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.SUBMITTED,
        delegate=DelegateProfileFactory(consent_to_public_listing=False),
    )
    return workshop


def test_the_public_pdf_says_how_many_participants_are_not_listed(workshop):
    text = pdf_text(renderers._render_participants_pdf(False)(workshop, "en").content)

    assert "LISTED" in text and "PRIVATE" not in text
    assert NOT_LISTED in text


def test_the_public_xlsx_says_how_many_participants_are_not_listed(workshop):
    rows = xlsx_rows(renderers.participants_xlsx(workshop, "en"))

    assert rows[-1][0] == NOT_LISTED
    assert not any("Private" in row for row in rows)


def test_one_participant_not_listed_is_said_in_the_singular(workshop):
    workshop.registrations.filter(delegate__family_name="Quiet").update(
        status=Registration.Status.CANCELLED
    )
    text = pdf_text(renderers._render_participants_pdf(False)(workshop, "en").content)

    assert "1 participant is not listed: they did not consent" in text


def test_the_staff_version_lists_everyone_and_says_nothing_of_it(workshop):
    text = pdf_text(renderers._render_participants_pdf(True)(workshop, "en").content)
    rows = xlsx_rows(renderers.participants_xlsx(workshop, "en", staff=True))

    assert "PRIVATE" in text and "not listed" not in text
    assert not any("not listed" in str(cell) for row in rows for cell in row)


def test_a_new_participant_left_out_makes_a_new_public_file(workshop):
    """The count is part of what the file shows, so it is part of its fingerprint."""
    fingerprint = renderers._participants_fingerprint(staff=False)
    before = fingerprint(workshop, "en")
    RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.CONFIRMED,
        delegate=DelegateProfileFactory(consent_to_public_listing=False),
    )

    assert fingerprint(workshop, "en") != before


def test_the_french_list_says_it_in_french(workshop):
    text = pdf_text(renderers._render_participants_pdf(False)(workshop, "fr").content)

    assert "2 participants ne figurent pas dans la liste" in text
