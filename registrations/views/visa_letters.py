"""The delegate's visa invitation letter: the page asks the pipeline for the letter in the
language chosen among the three (default: the delegate's own) and shows its state until it is
made; the file itself is served only at /files/<id>/<name>, where the kind's can_download
lets the delegate and staff with ``view_passport_details`` have it. A registration that may
not have one (no confirmed seat, no passport details) gets the reason instead, with a link to
the profile's passport details. Someone else's registration is a 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from idm_portal.files.selectors import generated_file_for
from idm_portal.files.services import request_file
from registrations.renderers import visa_letters as visa_renderers
from registrations.selectors import letters as letters_selectors
from registrations.selectors import visa_letters as visa_selectors
from registrations.views.letters import _letter_language

LANGUAGES = dict(settings.LANGUAGES)


@login_required
def visa_letter(request: HttpRequest, pk: int) -> HttpResponse:
    registration = letters_selectors.letter_registration(request.user, pk)
    language = _letter_language(request, registration)
    refusal = visa_selectors.refusal(registration)
    letter = None
    if refusal is None:
        # Queues a rendering only when what the letter shows changed since the last one.
        request_file(registration, visa_renderers.VISA_LETTER, language)
        letter = generated_file_for(registration, visa_renderers.VISA_LETTER, language)
    return render(
        request,
        "registrations/documents/visa_letter.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "letter": letter,
            "refusal_code": refusal[0] if refusal else "",
            "refusal": refusal[1] if refusal else "",
            "letter_language": language,
            "letter_languages": list(LANGUAGES.items()),
        },
    )


@login_required
def visa_letter_status(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The letter's panel alone, polled by the page while the PDF is being made."""
    registration = letters_selectors.letter_registration(request.user, pk)
    if language not in LANGUAGES:
        raise Http404("No such language.")
    letter = None
    if visa_selectors.may_have_letter(registration):
        letter = generated_file_for(registration, visa_renderers.VISA_LETTER, language)
    return render(
        request,
        "registrations/documents/includes/visa_letter_status.html",
        {"registration": registration, "letter": letter, "letter_language": language},
    )
