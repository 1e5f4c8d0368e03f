from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from idm_portal.pdf import check as pdf_check

NOTE_VERBALE_MAX_BYTES = 5 * 1024 * 1024
# What checking one upload may cost (idm_portal.pdf.check): the page contents decoded in all,
# the wall-clock seconds and the memory of the child process that parses it.
NOTE_VERBALE_MAX_DECODED_BYTES = 50 * 1024 * 1024
NOTE_VERBALE_CHECK_TIMEOUT = 5.0
NOTE_VERBALE_CHECK_MEMORY_MB = 300

_CHECKED = "_idm_note_verbale_checked"  # set on an upload that passed, so it is parsed once

CONTENT_MESSAGES = {
    pdf_check.NOT_PDF: _("This file is not a PDF document."),
    pdf_check.DAMAGED: _(
        "This PDF is incomplete or damaged (it may have been cut short while it was saved or "
        "sent). Save or scan the note verbale again and upload the new file."
    ),
    pdf_check.ENCRYPTED: _(
        "This PDF is protected by a password or encrypted. Upload a copy without protection, "
        "so that IOM can open it."
    ),
    pdf_check.NO_PAGES: _("This PDF has no pages."),
    pdf_check.TOO_LARGE: _(
        "This PDF expands to more than %(limit)s when it is opened, or is too complex to open "
        "safely. Upload a simpler copy, for example printed to PDF again or scanned at a lower "
        "resolution."
    ),
    pdf_check.TOO_SLOW: _(
        "This PDF took too long to open. Upload a simpler copy, for example printed to PDF "
        "again or scanned at a lower resolution."
    ),
}


def validate_note_verbale(file) -> None:
    """A note verbale must be a real PDF of at most 5 MB: checked by its name, its size and by
    parsing it (idm_portal.pdf.check: a PDF library in a child process, under a time, memory
    and decompressed-size budget), because a browser's content type and a file's first bytes
    are whatever the sender made them. A file already stored was checked when it came in."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("Upload the note verbale as a PDF file."), code="extension")
    upload = _new_upload(file)
    if upload is None or getattr(upload, _CHECKED, False):
        return
    size = getattr(upload, "size", None)
    if size is not None and size > NOTE_VERBALE_MAX_BYTES:
        raise _too_big(size)
    data = _read(upload, NOTE_VERBALE_MAX_BYTES + 1)
    if len(data) > NOTE_VERBALE_MAX_BYTES:
        raise _too_big(len(data))
    result = pdf_check.check_pdf(
        data,
        max_decoded_bytes=NOTE_VERBALE_MAX_DECODED_BYTES,
        timeout=NOTE_VERBALE_CHECK_TIMEOUT,
        memory_mb=NOTE_VERBALE_CHECK_MEMORY_MB,
    )
    if not result.is_ok:
        raise ValidationError(
            CONTENT_MESSAGES[result.verdict],
            code=result.verdict,
            params={"limit": filesizeformat(NOTE_VERBALE_MAX_DECODED_BYTES)},
        )
    setattr(upload, _CHECKED, True)


def _new_upload(file):
    """The file object that came in, or None for a file the storage already holds."""
    if isinstance(file, FieldFile):
        return None if file._committed else file._file
    return file


def _too_big(size: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s; the note verbale may be at most %(limit)s."),
        code="size",
        params={"size": filesizeformat(size), "limit": filesizeformat(NOTE_VERBALE_MAX_BYTES)},
    )


def _read(upload, limit: int) -> bytes:
    position = upload.tell()
    upload.seek(0)
    data = upload.read(limit)
    upload.seek(position)
    return data.encode() if isinstance(data, str) else data
