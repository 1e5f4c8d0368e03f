"""Rendering the e-mails of travel sponsorship decisions, in the delegate's language (as
registrations.emails does for registrations). Only renders: registrations.services.sponsorships
queues them in the outbox in the transaction of the decision. Templates:
registrations/email/sponsorship_<kind>.txt and .html (both extend base.txt/base.html).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registrations.emails import MY_REGISTRATIONS_URL_NAME, Rendered, _absolute, _render, _url

SUBJECTS = {
    "approved": _("Travel sponsorship approved: %(workshop)s"),
    "waitlisted": _("Travel sponsorship request on the waitlist: %(workshop)s"),
    "declined": _("Travel sponsorship declined: %(workshop)s"),
    "cancelled": _("Travel sponsorship cancelled: %(workshop)s"),
}


def render(sponsorship, *, kind: str) -> Rendered:
    """The e-mail `kind` about `sponsorship`, to its delegate, in the delegate's language."""
    registration = sponsorship.registration
    user = registration.delegate.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "kind": kind,
            "sponsorship": sponsorship,
            "registration": registration,
            "delegate": registration.delegate,
            "workshop": sponsorship.workshop,
            "my_registrations_url": _url(MY_REGISTRATIONS_URL_NAME),
            "sponsorship_url": _url("registrations:sponsorship", pk=sponsorship.pk),
            "workshop_url": _absolute(sponsorship.workshop.get_absolute_url()),
            "LANGUAGE_CODE": language,
        }
    return _render(
        kind=f"sponsorship_{kind}",
        to=user.email,
        language=language,
        context=context,
        workshop=sponsorship.workshop,
        subject=SUBJECTS[kind],
    )
