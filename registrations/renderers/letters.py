"""The delegate's confirmation letter, a generated file (idm_portal.files.registry): rendered in the
letter's language for a confirmed (or attended) seat only, fetched by the registration's own
delegate and by staff who may see profiles. Its fingerprint is the very data it shows plus a
layout version, so that any change a reader would see makes a new file."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.renderers import common
from registrations.selectors import delegations as delegations_selectors
from registrations.selectors import letters as letters_selectors
from registrations.selectors import profiles as profiles_selectors
from workshops import names

CONFIRMATION_LETTER = "confirmation_letter"
# Bump when templates/pdf/confirmation_letter.html or static/css/pdf.css changes the output,
# so that the next request makes a new file.
LETTER_LAYOUT_VERSION = "2009.3"


def may_download_letter(user, registration: Registration) -> bool:
    """At /files/…: the registration's own delegate while the seat holds, and staff who may see
    registrations (the admin). The delegate's page uses its own view, with the same rule."""
    if common.is_registrations_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and registration.delegate.user_id == user.pk
        and letters_selectors.has_seat(registration)
    )


Title = DelegateProfile.Title
Gender = DelegateProfile.Gender
# The letter's salutation, by title and, where a language's form depends on it, by gender:
# English "Dear Ms Diallo,", French "Madame,", Spanish "Estimada Sra. Diallo:". The English
# text repeats across genders; the context tells the translator which form each one is, and
# that a language greeting by title alone may leave the name out (tests/test_translations.py).
_SALUTATIONS = {
    (Title.MR, None): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Mr %(name)s,"
    ),
    (Title.MS, None): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Ms %(name)s,"
    ),
    (Title.MRS, None): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Mrs %(name)s,"
    ),
    (Title.DR, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.DR, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.DR, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.PROF, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.PROF, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.PROF, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.HE, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Your Excellency,"
    ),
    (Title.HE, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Your Excellency,"
    ),
    (Title.HE, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Your Excellency,"
    ),
}
_NO_TITLE = pgettext_lazy(
    "letter salutation, no title given (the name may be left out)", "Dear %(name)s,"
)


Role = Registration.Role
Status = Registration.Status
# Where a language's word for a role or status agrees with the person (Spanish "Jefa de
# delegación", French "Cheffe de délégation", "Présente"), the letter asks for it by gender;
# a gender not given keeps the usual word (the model's label).
_ROLES = {
    (Role.HEAD_OF_DELEGATION, Gender.FEMALE): pgettext_lazy(
        "role of a woman", "Head of delegation"
    ),
    (Role.HEAD_OF_DELEGATION, Gender.MALE): pgettext_lazy("role of a man", "Head of delegation"),
    (Role.DELEGATE, Gender.FEMALE): pgettext_lazy("role of a woman", "Delegate"),
    (Role.DELEGATE, Gender.MALE): pgettext_lazy("role of a man", "Delegate"),
    (Role.ADVISER, Gender.FEMALE): pgettext_lazy("role of a woman", "Adviser"),
    (Role.ADVISER, Gender.MALE): pgettext_lazy("role of a man", "Adviser"),
    (Role.OBSERVER, Gender.FEMALE): pgettext_lazy("role of a woman", "Observer"),
    (Role.OBSERVER, Gender.MALE): pgettext_lazy("role of a man", "Observer"),
    (Role.SPEAKER, Gender.FEMALE): pgettext_lazy("role of a woman", "Speaker"),
    (Role.SPEAKER, Gender.MALE): pgettext_lazy("role of a man", "Speaker"),
}
_STATUSES = {
    (Status.ATTENDED, Gender.FEMALE): pgettext_lazy("status of a woman", "Attended"),
    (Status.ATTENDED, Gender.MALE): pgettext_lazy("status of a man", "Attended"),
}


def _gender(profile: DelegateProfile) -> str | None:
    return profile.gender if profile.gender in (Gender.FEMALE, Gender.MALE) else None


def role_label(registration: Registration) -> str:
    """The registration's role in the active language, agreeing with the delegate."""
    label = _ROLES.get((registration.role, _gender(registration.delegate)))
    return str(label) if label else registration.get_role_display()


def status_label(registration: Registration) -> str:
    label = _STATUSES.get((registration.status, _gender(registration.delegate)))
    return str(label) if label else registration.get_status_display()


def place_name(venue: str) -> str:
    """The venue in the active language (Genève, Ginebra): workshops.names.place_name."""
    return names.place_name(venue)


def salutation(profile: DelegateProfile, language: str) -> str:
    """How the letter greets the delegate, formally, in `language`."""
    gender = _gender(profile)
    message = _SALUTATIONS.get((profile.title, gender)) or _SALUTATIONS.get((profile.title, None))
    with translation.override(language):
        if message is None:
            return str(_NO_TITLE) % {"name": f"{profile.given_names} {profile.family_name}"}
        return str(message) % {"name": profile.family_name}


def letter_data(registration: Registration, language: str) -> dict:
    """Everything the confirmation letter shows, as plain values in `language`."""
    profile = registration.delegate
    workshop = registration.workshop
    with translation.override(language):
        title = profile.get_title_display() if profile.title else ""
        state = profiles_selectors.state_name(profile.member_state, language)
        workshop_path = reverse("workshops:detail", kwargs={"slug": workshop.slug})
        facts = common.workshop_facts(workshop, language)
        facts["venue"] = place_name(facts["venue"])
        return {
            "reference": f"IDM/{workshop.programme.year}/REG/{registration.pk:05d}",
            "date": letters_selectors.seat_confirmed_on(registration),
            "place": names.place_name("Geneva"),
            # The template's sentences that agree with the delegate pick their context by it.
            "gender": _gender(profile) or "",
            "title": title,
            "salutation": salutation(profile, language),
            "given_names": profile.given_names,
            "family_name": profile.family_name.upper(),
            "position": profile.position,
            "institution": profile.institution,
            "represents": profiles_selectors.represents(profile, language),
            "state": state,
            "is_state": bool(profile.member_state_id),
            "participant_type": profile.get_participant_type_display(),
            "role": role_label(registration),
            "status": registration.status,
            "status_label": status_label(registration),
            "has_seat": letters_selectors.has_seat(registration),
            "is_head": delegations_selectors.is_head(registration),
            "workshop": facts,
            "workshop_url": settings.PORTAL_BASE_URL.rstrip("/") + workshop_path,
        }


def letter_fingerprint(registration: Registration, language: str) -> list:
    return [LETTER_LAYOUT_VERSION, letter_data(registration, language)]


def letter_html(registration: Registration, language: str) -> str:
    letter = letter_data(registration, language)
    with translation.override(language):
        context = {
            "letter": letter,
            "language": language,
            "meeting": letter["workshop"]["meeting"],
            "page_label_css": pdf.css_string(gettext("Page")),
        }
    return pdf.render_html("pdf/confirmation_letter.html", context, language=language)


def render_confirmation_letter(registration: Registration, language: str) -> Rendered:
    if not letters_selectors.has_seat(registration):
        raise pdf.RenderError("A confirmation letter is made only for a confirmed seat.")
    content = pdf.html_to_pdf(letter_html(registration, language))
    token = common.private_token(CONFIRMATION_LETTER, registration.pk)
    return Rendered(content=content, filename=f"confirmation-letter-{language}-{token}.pdf")


def letter_download_name(registration: Registration, language: str) -> str:
    return f"confirmation-letter-{registration.workshop.slug}-{language}.pdf"


register(
    CONFIRMATION_LETTER,
    render=render_confirmation_letter,
    fingerprint=letter_fingerprint,
    can_download=may_download_letter,
    label=_("Confirmation letter (PDF)"),
)
