"""What the views of registrations share: the published workshop a page is about, why it takes
no registration (in the services' own words), a refusal as text, and the double-submit tokens
of the forms that register (the latest few kept in the session)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from registrations.errors import RegistrationError
from registrations.services import registering
from workshops.models import Workshop

# How many submitted forms' tokens a session keeps, per form: enough for a double click or a
# reload, not a session that grows with every registration.
SUBMISSIONS_KEPT = 20


def published_workshop(slug: str) -> Workshop:
    """A workshop of a published programme, or 404."""
    return get_object_or_404(
        Workshop.objects.filter(programme__is_published=True).select_related("programme"),
        slug=slug,
    )


def closed_reason(workshop: Workshop) -> str | None:
    """Why the workshop takes no registration, in the services' own words; None if open."""
    try:
        registering.check_open(workshop)
    except RegistrationError as error:
        return str(error.message)
    return None


def refusal_text(error: Exception) -> str:
    """A refusal (a RegistrationError or a ValidationError) as one line for the page."""
    if isinstance(error, RegistrationError):
        return str(error.message)
    return " ".join(getattr(error, "messages", [str(error)]))


def submitted_pk(request: HttpRequest, *, key: str, token: str) -> int | None:
    """What the form carrying `token` made when it was sent before (the pk of a registration,
    an invitation), or None for a form not sent yet."""
    if not token:
        return None
    return request.session.get(key, {}).get(token)


def remember_submission(request: HttpRequest, *, key: str, token: str, pk: int) -> None:
    """Remember what the form carrying `token` made, so that sending it again (a double click,
    a reload) makes nothing more; the session keeps the latest SUBMISSIONS_KEPT forms only."""
    if not token:
        return
    submitted = request.session.get(key, {})
    submitted[token] = pk
    request.session[key] = dict(list(submitted.items())[-SUBMISSIONS_KEPT:])
