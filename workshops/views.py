from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from idm_portal import page_cache
from idm_portal.files.selectors import generated_file_for
from workshops import hooks, selectors
from workshops.markdown import render_body
from workshops.renderers import DOCUMENT_PDF


def programme_current(request: HttpRequest) -> HttpResponse:
    programme = selectors.current_programme()
    if programme is None:
        return render(request, "workshops/no_programme.html", status=404)
    return redirect(programme)


@page_cache.shared_page
def programme(request: HttpRequest, year: int) -> HttpResponse:
    programme, other_years = selectors.programme_and_archive(year)
    return render(
        request,
        "workshops/programme.html",
        {
            "programme": programme,
            "timeline": selectors.timeline(programme),
            "documents": selectors.by_symbol(
                selectors.programme_documents(programme), request.LANGUAGE_CODE
            ),
            "other_programmes": other_years,
            # Links the apps above the programme add (workshops.hooks): the funding summary.
            "links": hooks.programme_links(programme),
        },
    )


@page_cache.shared_page
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = selectors.workshop_detail(slug)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "documents": selectors.by_symbol(
                selectors.workshop_documents(workshop), request.LANGUAGE_CODE
            ),
            # What the apps above the programme add (workshops.hooks), by place.
            "blocks": hooks.page_blocks_for(request, workshop),
        },
    )


@page_cache.shared_page
def document_detail(request: HttpRequest, symbol: str, language: str) -> HttpResponse:
    document, versions = selectors.document_with_versions(
        user=request.user, symbol=symbol, language=language
    )
    pdf = generated_file_for(document, DOCUMENT_PDF, document.language)
    return render(
        request,
        "workshops/document_detail.html",
        {
            "document": document,
            "body_html": render_body(document.body, language=document.language),
            "versions": versions,
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
