"""Writes of the workshops app: documents and their PDFs. Each call owns its transaction."""

from __future__ import annotations

from datetime import date as date_type

from django.db import transaction

from idm_portal.files import services as pipeline
from idm_portal.models import GeneratedFile
from workshops import parity
from workshops.models import Document, Programme, Workshop
from workshops.renderers import DOCUMENT_PDF


@transaction.atomic
def save_document(*, document: Document) -> Document:
    """Validate and save `document`, then queue its PDF if what the PDF shows has changed
    (an unchanged save queues nothing: the pipeline compares the input's hash)."""
    document.full_clean()
    document.save()
    request_document_pdf(document=document)
    return document


def request_document_pdf(*, document: Document, force: bool = False) -> GeneratedFile:
    return pipeline.request_file(document, DOCUMENT_PDF, document.language, force=force)


def generate_pdfs(*, documents) -> int:
    """Make new PDFs of `documents`, changed or not (the admin's "Generate PDF")."""
    count = 0
    for document in documents:
        with transaction.atomic():
            request_document_pdf(document=document, force=True)
        count += 1
    return count


@transaction.atomic
def import_document(
    *,
    body: str,
    symbol: str,
    language: str,
    programme: Programme,
    title: str,
    date: date_type,
    kind: str = Document.Kind.DISCUSSION_NOTE,
    subtitle: str = "",
    original_language: str = "en",
    place: str = "Geneva",
    workshop: Workshop | None = None,
    visibility: str = Document.Visibility.PUBLIC,
    translation_waiver_reason: str | None = None,
) -> tuple[Document, bool]:
    """Create or update the document `symbol` in `language` from a Markdown body. A public
    document needs its three language versions, or `translation_waiver_reason` (the reason
    to publish it anyway, recorded with the time; None keeps the one recorded)."""
    document = Document.objects.filter(symbol=symbol, language=language).first()
    created = document is None
    if document is None:
        document = Document(symbol=symbol, language=language)
    values = {
        "body": body,
        "programme_id": programme.pk,
        "title": title,
        "date": date,
        "kind": kind,
        "subtitle": subtitle,
        "original_language": original_language,
        "place": place,
        "workshop_id": workshop.pk if workshop else None,
        "visibility": visibility,
    }
    if translation_waiver_reason is not None:
        values["translation_waiver_reason"] = translation_waiver_reason
    if not created and all(getattr(document, name) == value for name, value in values.items()):
        # Importing the same file again changes nothing, not even `updated_at`.
        request_document_pdf(document=document)
        return document, False
    reason_changed = document.translation_waiver_reason != values.get(
        "translation_waiver_reason", document.translation_waiver_reason
    )
    for name, value in values.items():
        setattr(document, name, value)
    if reason_changed:
        parity.stamp_waiver(document, user=None)
    save_document(document=document)
    return document, created
