from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from idm_portal.models import GeneratedFile
from idm_portal.selectors import generated_file_for
from idm_portal.services import request_file
from workshops import selectors
from workshops.markdown import render_body
from workshops.renderers import DOCUMENT_PDF


def programme_current(request: HttpRequest) -> HttpResponse:
    programme = selectors.current_programme()
    if programme is None:
        return render(request, "workshops/no_programme.html", status=404)
    return redirect(programme)


def programme(request: HttpRequest, year: int) -> HttpResponse:
    programme = selectors.programme_for_year(year)
    other_years = selectors.published_programmes().exclude(pk=programme.pk).only("year", "theme")
    return render(
        request,
        "workshops/programme.html",
        {
            "programme": programme,
            "timeline": selectors.timeline(programme),
            "documents": selectors.programme_documents(programme),
            "other_programmes": other_years,
        },
    )


def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = selectors.workshop_detail(slug)
    return render(
        request,
        "workshops/workshop_detail.html",
        {"workshop": workshop, "documents": selectors.workshop_documents(workshop)},
    )


def document_detail(request: HttpRequest, symbol: str, language: str) -> HttpResponse:
    document = selectors.document_detail(user=request.user, symbol=symbol, language=language)
    pdf = generated_file_for(document, DOCUMENT_PDF, document.language)
    return render(
        request,
        "workshops/document_detail.html",
        {
            "document": document,
            "body_html": render_body(document.body, language=document.language),
            "versions": selectors.language_versions(user=request.user, document=document),
            "pdf": pdf,
        },
    )


def document_pdf_status(request: HttpRequest, symbol: str, language: str) -> HttpResponse:
    """The PDF panel alone, polled by the document page while the PDF is being made."""
    document = selectors.document_detail(user=request.user, symbol=symbol, language=language)
    pdf = generated_file_for(document, DOCUMENT_PDF, document.language)
    return render(
        request,
        "workshops/includes/document_pdf.html",
        {"document": document, "pdf": pdf},
    )


PARTICIPANTS_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _participants_kind(fmt: str) -> str:
    try:
        return selectors.PUBLIC_PARTICIPANTS_KINDS[fmt]
    except KeyError:
        raise Http404("No such format.") from None


def participants_list(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The public list of participants in the page's language, once staff have published it
    (404 before). Serves the file when it is up to date with the registrations; otherwise asks
    for it and shows its state until it is ready. The staff version is never served here."""
    workshop = selectors.published_participants_workshop(slug)
    kind = _participants_kind(fmt)
    language = translation.get_language()
    # Queues a rendering only when the confirmed participants changed since the last one, so
    # that a delegate who withdrew consent leaves the public file at once.
    request_file(workshop, kind, language)
    row = generated_file_for(workshop, kind, language)
    if row is not None and row.state == GeneratedFile.State.DONE and row.has_file:
        return FileResponse(
            row.file.open("rb"),
            as_attachment=True,
            filename=f"participants-{workshop.slug}-{language}.{fmt}",
            content_type=PARTICIPANTS_CONTENT_TYPES[fmt],
        )
    return render(
        request,
        "workshops/includes/participants_list_page.html",
        {"workshop": workshop, "file": row, "fmt": fmt},
    )


def participants_list_status(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The state panel of the list alone, polled while the file is being made."""
    workshop = selectors.published_participants_workshop(slug)
    row = generated_file_for(workshop, _participants_kind(fmt), translation.get_language())
    return render(
        request,
        "workshops/includes/participants_list_panel.html",
        {"workshop": workshop, "file": row, "fmt": fmt},
    )
