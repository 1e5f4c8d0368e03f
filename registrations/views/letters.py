"""The delegate's registration documents: the confirmation letter, made through the generated
files pipeline. The letter page asks for the file and shows its state (refreshing by itself
while it is being made); the download serves it to the registration's own delegate only.
Anyone else gets a 404, as for every other registration page; staff download letters through
the admin. Private files are never linked under /media/."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from idm_portal.files.selectors import generated_file_for
from idm_portal.files.services import request_file
from registrations.models.lifecycle import Registration
from registrations.renderers import letters as letters_renderers
from registrations.selectors import letters as letters_selectors

LANGUAGES = dict(settings.LANGUAGES)


def _letter_language(request: HttpRequest, registration: Registration) -> str:
    """The language asked for in the query, else the delegate's own, else the page's."""
    asked = request.GET.get("language", "")
    if asked in LANGUAGES:
        return asked
    preferred = registration.delegate.user.preferred_language
    if preferred in LANGUAGES:
        return preferred
    return translation.get_language() or settings.LANGUAGE_CODE


def _checked_language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404("No such language.")
    return language


@login_required
def confirmation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    registration = letters_selectors.letter_registration(request.user, pk)
    language = _letter_language(request, registration)
    letter = None
    if letters_selectors.has_seat(registration):
        # Queues a rendering only when what the letter shows has changed since the last one.
        request_file(registration, letters_renderers.CONFIRMATION_LETTER, language)
        letter = generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, language)
    return render(
        request,
        "registrations/documents/confirmation_letter.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "letter": letter,
            "letter_language": language,
            "letter_language_name": LANGUAGES[language],
            "other_languages": [
                (code, name) for code, name in LANGUAGES.items() if code != language
            ],
        },
    )


@login_required
def confirmation_letter_status(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The letter's panel alone, polled by the letter page while the PDF is being made."""
    registration = letters_selectors.letter_registration(request.user, pk)
    language = _checked_language(language)
    letter = None
    if letters_selectors.has_seat(registration):
        letter = generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, language)
    return render(
        request,
        "registrations/documents/includes/letter_status.html",
        {"registration": registration, "letter": letter, "letter_language": language},
    )


@login_required
def confirmation_letter_download(request: HttpRequest, pk: int, language: str) -> FileResponse:
    registration = letters_selectors.letter_registration(request.user, pk)
    language = _checked_language(language)
    if not letters_selectors.has_seat(registration):
        raise Http404("No confirmation letter: the seat is not confirmed.")
    letter = generated_file_for(registration, letters_renderers.CONFIRMATION_LETTER, language)
    if letter is None or not letter.has_file:
        raise Http404("The confirmation letter has not been made yet.")
    response = FileResponse(
        letter.file.open("rb"),
        as_attachment=True,
        filename=letters_renderers.letter_download_name(registration, language),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
