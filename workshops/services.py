"""Writes of the workshops app: documents and their PDFs, a programme's overarching theme. Each
call owns its transaction."""

from __future__ import annotations

from datetime import date as date_type

from django.conf import settings
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


@transaction.atomic
def set_programme_theme(
    *, year: int, theme: dict[str, str], by, change_message: str
) -> tuple[Programme, bool]:
    """Set the overarching theme of the programme of `year` in each language of `theme`
    ({"en": …, "fr": …, "es": …}; a language left out or blank stays empty, so the
    translations report lists it). A year without a programme gets one, unpublished: the
    membership chooses a theme before its programme is built, and visitors should not see an
    empty year. Recorded in the admin's history (LogEntry) under `by` with `change_message`.
    Locks the programme's row."""
    from django.contrib.admin.models import ADDITION, CHANGE, LogEntry

    if not (theme.get("en") or "").strip():
        raise ValueError("A programme's theme needs its English text.")
    programme = Programme.objects.select_for_update().filter(year=year).first()
    created = programme is None
    if created:
        programme = Programme(year=year, is_published=False)
    for language, _name in settings.LANGUAGES:
        setattr(programme, f"theme_{language}", (theme.get(language) or "").strip())
    programme.theme_en = theme["en"].strip()
    programme.full_clean()
    programme.save()
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[programme],
        action_flag=ADDITION if created else CHANGE,
        change_message=change_message,
        single_object=True,
    )
    return programme, created
