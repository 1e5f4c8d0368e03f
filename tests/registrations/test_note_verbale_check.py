"""The note verbale is parsed as a PDF before it is kept (issue 8, item 13): what does not parse,
is encrypted, has no pages, is too big or expands past the budget is refused with its own
message, and the parsing cannot take the web process's memory."""

import datetime
import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registrations import validators
from registrations.errors import InvalidNoteVerbale
from registrations.models.delegations import Delegation
from registrations.services import delegations
from tests.registrations.pdf_files import (
    HOSTILE,
    deflate_bomb_pdf,
    note_verbale_pdf,
)


def upload(delegation, by, content: bytes, name: str = "note-verbale.pdf"):
    return delegations.upload_note_verbale(
        delegation=delegation,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        reference="KEN/2009/117",
        date=datetime.date(2009, 2, 1),
        by=by,
    )


@pytest.mark.parametrize(("build", "words"), HOSTILE)
def test_hostile_note_verbale_is_refused_with_its_message(focal_point, delegation, build, words):
    status = delegation.note_verbale_status

    with pytest.raises(InvalidNoteVerbale) as error:
        upload(delegation, focal_point, build())

    assert error.value.field == "note_verbale"
    assert words in str(error.value)
    delegation.refresh_from_db()
    assert not delegation.note_verbale
    assert delegation.note_verbale_status == status


def test_a_real_note_verbale_of_five_pages_with_images_is_kept(focal_point, delegation):
    content = note_verbale_pdf(pages=5)

    upload(delegation, focal_point, content)

    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.UPLOADED
    with delegation.note_verbale.open("rb") as stored:
        assert stored.read() == content


def test_the_bomb_is_expanded_in_a_child_never_in_the_web_process(focal_point, delegation):
    bomb = deflate_bomb_pdf()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    with pytest.raises(InvalidNoteVerbale):
        upload(delegation, focal_point, bomb)

    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 40


def test_a_pdf_that_takes_too_long_to_open_is_refused(focal_point, delegation, monkeypatch):
    # No file here is slow on purpose: a budget no parsing can meet stands for one that is.
    monkeypatch.setattr(validators, "NOTE_VERBALE_CHECK_TIMEOUT", 0.0001)

    with pytest.raises(InvalidNoteVerbale) as error:
        upload(delegation, focal_point, note_verbale_pdf(pages=5))

    assert "This PDF took too long to open." in str(error.value)


def test_a_stored_note_verbale_is_not_parsed_again_when_staff_verify_it(
    staff, focal_point, delegation, monkeypatch
):
    upload(delegation, focal_point, note_verbale_pdf())

    def no_parsing(*args, **kwargs):
        raise AssertionError("a stored file was parsed again")

    monkeypatch.setattr(validators.pdf_check, "check_pdf", no_parsing)
    delegations.verify_note_verbale(delegation=delegation, by=staff)

    delegation.refresh_from_db()
    assert delegation.note_verbale_status == Delegation.NoteVerbaleStatus.VERIFIED
