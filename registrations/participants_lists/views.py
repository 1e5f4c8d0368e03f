"""The public download of a workshop's list of participants."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from idm_portal.files.selectors import generated_file_for
from idm_portal.files.services import request_file
from idm_portal.models import GeneratedFile
from registrations.participants_lists import PUBLIC_PARTICIPANTS_KINDS, selectors

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _public_kind(fmt: str) -> str:
    try:
        return PUBLIC_PARTICIPANTS_KINDS[fmt]
    except KeyError:
        raise Http404("No such format.") from None


def participants_list(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The public list of participants in the page's language, once staff have published it
    (404 before). Serves the file when it is up to date with the registrations; otherwise asks
    for it and shows its state until it is ready. The staff version is never served here."""
    workshop = selectors.published_participants_workshop(slug)
    kind = _public_kind(fmt)
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
            content_type=CONTENT_TYPES[fmt],
        )
    return render(
        request,
        "registrations/participants_lists/page.html",
        {"workshop": workshop, "file": row, "fmt": fmt},
    )


def participants_list_status(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The state panel of the list alone, polled while the file is being made."""
    workshop = selectors.published_participants_workshop(slug)
    row = generated_file_for(workshop, _public_kind(fmt), translation.get_language())
    return render(
        request,
        "registrations/participants_lists/panel.html",
        {"workshop": workshop, "file": row, "fmt": fmt},
    )
