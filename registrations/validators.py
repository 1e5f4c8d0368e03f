from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

NOTE_VERBALE_MAX_BYTES = 5 * 1024 * 1024


def validate_note_verbale(file) -> None:
    """A note verbale must be a PDF of at most 5 MB: checked by its name and its first bytes,
    because a browser's content type is whatever the client says."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("Upload the note verbale as a PDF file."), code="extension")
    size = getattr(file, "size", None)
    if size is not None and size > NOTE_VERBALE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the note verbale may be at most %(limit)s."),
            code="size",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(NOTE_VERBALE_MAX_BYTES),
            },
        )
    try:
        position = file.tell()
        file.seek(0)
        head = file.read(1024)
        file.seek(position)
    except (AttributeError, OSError, ValueError):
        # A stored file that is no longer on disk: its content was checked when it came in.
        return
    if isinstance(head, str):
        head = head.encode()
    if b"%PDF-" not in head:
        raise ValidationError(_("This file is not a PDF document."), code="content")
