"""The visa invitation letter, a generated file (idm_portal.files.registry): IOM invites a
confirmed delegate to the workshop, for the consulate that issues the visa. It names the
delegate as in the passport, with the passport number, nationality, date of birth and expiry,
the workshop and its dates, and says whether IOM covers the travel. Rendered in the language
the delegate chooses; fetched at /files/<id>/<name> only by the registration's own delegate
(while the seat is confirmed and the passport details are there) and by staff holding
``view_passport_details``.

The fingerprint is what the letter shows plus a layout version, so that a passport change
makes a new letter; the passport details enter it only as a keyed digest (salted_hmac),
because the pipeline stores the fingerprint's hash and a bare hash of a passport number could
be guessed back. Passport details never reach logs: a refusal to render names no value."""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from registrations.models.lifecycle import Registration
from registrations.renderers import common
from registrations.renderers.letters import place_name
from registrations.selectors import letters as letters_selectors
from registrations.selectors import profiles as profiles_selectors
from registrations.selectors import visa_letters as visa_selectors
from workshops import names

VISA_LETTER = "visa_letter"
# Bump when templates/pdf/visa_letter.html or static/css/pdf.css changes the output.
VISA_LETTER_LAYOUT_VERSION = "2009.1"
PASSPORT_PERMISSION = "registrations.view_passport_details"
PASSPORT_KEYS = ("passport_number", "nationality_code", "date_of_birth", "passport_expiry")


def may_download_visa_letter(user, registration: Registration) -> bool:
    """At /files/…: staff who may see passport details, and the registration's own delegate
    while the letter may be had (a confirmed seat, passport details given)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff and user.has_perm(PASSPORT_PERMISSION):
        return True
    return registration.delegate.user_id == user.pk and visa_selectors.may_have_letter(registration)


def _issued_on(registration: Registration):
    """The letter's date: the later of the seat's confirmation and the passport details'
    entry, so that it stays the same from one download to the next."""
    day = letters_selectors.seat_confirmed_on(registration)
    entered = registration.delegate.passport_entered_at
    if entered is not None:
        day = max(day, timezone.localtime(entered).date())
    return day


def visa_letter_data(registration: Registration, language: str) -> dict:
    """Everything the visa letter shows, as plain values in `language`."""
    profile = registration.delegate
    workshop = registration.workshop
    with translation.override(language):
        facts = common.workshop_facts(workshop, language)
        facts["venue"] = place_name(facts["venue"])
        workshop_path = reverse("workshops:detail", kwargs={"slug": workshop.slug})
        return {
            "reference": f"IDM/{workshop.programme.year}/VISA/{registration.pk:05d}",
            "date": _issued_on(registration),
            "place": names.place_name("Geneva"),
            "title": profile.get_title_display() if profile.title else "",
            "given_names": profile.given_names,
            "family_name": profile.family_name.upper(),
            "position": profile.position,
            "institution": profile.institution,
            "represents": profiles_selectors.represents(profile, language),
            "state": profiles_selectors.state_name(profile.member_state, language),
            "is_state": bool(profile.member_state_id),
            "nationality": str(profile.nationality.name) if profile.nationality else "",
            "nationality_code": profile.nationality.code if profile.nationality else "",
            "date_of_birth": profile.date_of_birth,
            "passport_number": profile.passport_number,
            "passport_expiry": profile.passport_expiry,
            "iom_covers_travel": visa_selectors.iom_covers_travel(registration),
            "workshop": facts,
            "workshop_url": settings.PORTAL_BASE_URL.rstrip("/") + workshop_path,
        }


def visa_letter_fingerprint(registration: Registration, language: str) -> list:
    data = visa_letter_data(registration, language)
    passport = {key: data.pop(key) for key in PASSPORT_KEYS}
    data.pop("nationality")  # follows from its code
    digest = salted_hmac(
        "registrations.visa-letter.passport", json.dumps(passport, default=str, sort_keys=True)
    ).hexdigest()
    return [VISA_LETTER_LAYOUT_VERSION, data, digest]


def visa_letter_html(registration: Registration, language: str) -> str:
    letter = visa_letter_data(registration, language)
    with translation.override(language):
        context = {
            "letter": letter,
            "language": language,
            "meeting": letter["workshop"]["meeting"],
            "page_label_css": pdf.css_string(gettext("Page")),
        }
    return pdf.render_html("pdf/visa_letter.html", context, language=language)


def render_visa_letter(registration: Registration, language: str) -> Rendered:
    if not visa_selectors.may_have_letter(registration):
        raise pdf.RenderError(
            "A visa letter is made only for a confirmed seat with passport details."
        )
    content = pdf.html_to_pdf(visa_letter_html(registration, language))
    token = common.private_token(VISA_LETTER, registration.pk)
    return Rendered(content=content, filename=f"visa-letter-{language}-{token}.pdf")


register(
    VISA_LETTER,
    render=render_visa_letter,
    fingerprint=visa_letter_fingerprint,
    can_download=may_download_visa_letter,
    label=_("Visa invitation letter (PDF)"),
)
