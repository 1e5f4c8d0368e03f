"""Generated files of the workshops app, registered with the portal's pipeline."""

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from idm_portal.pdf.typography import date_line, language_name
from workshops.markdown import render_body
from workshops.models import Document

DOCUMENT_PDF = "document_pdf"
# Bump when templates/pdf/document.html or static/css/pdf.css change the output, so that the
# next save of each document makes a new PDF.
DOCUMENT_LAYOUT_VERSION = "2009.3"


def document_fingerprint(document: Document, language: str) -> list:
    return [
        DOCUMENT_LAYOUT_VERSION,
        document.symbol,
        document.kind,
        document.title,
        document.subtitle,
        document.language,
        document.original_language,
        document.date,
        document.place,
        document.programme_id,
        document.body,
    ]


def document_html(document: Document, language: str | None = None) -> str:
    """The complete HTML WeasyPrint lays out for `document` (also used by bench/pdf.py)."""
    language = language or document.language
    with translation.override(language):
        context = {
            "document": document,
            "language": language,
            "original_language_name": language_name(document.original_language, language),
            "date_line": date_line(document.place, document.date, language),
            "meeting": gettext("International Dialogue on Migration %(year)s")
            % {"year": document.programme.year},
            "page_label_css": pdf.css_string(gettext("Page")),
            "body_html": render_body(document.body, language=language, for_print=True),
        }
    # French printers' no-break spaces are set by render_html (text nodes only).
    return pdf.render_html("pdf/document.html", context, language=language)


def render_document_pdf(document: Document, language: str) -> Rendered:
    content = pdf.html_to_pdf(document_html(document, language))
    filename = f"{document.symbol.replace('/', '-')}-{language}.pdf"
    return Rendered(content=content, filename=filename)


def may_download_document(user, document: Document) -> bool:
    """Who may read the document page may fetch its PDF: staff every document, everyone
    else the public documents of published programmes (workshops.selectors.visible_documents)."""
    if user.is_authenticated and user.is_staff:
        return True
    return document.visibility == Document.Visibility.PUBLIC and document.programme.is_published


register(
    DOCUMENT_PDF,
    render=render_document_pdf,
    fingerprint=document_fingerprint,
    can_download=may_download_document,
    label=_("Document (PDF)"),
)
