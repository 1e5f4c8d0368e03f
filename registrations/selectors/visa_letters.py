"""Reads behind the visa invitation letter: whether a registration may have one and, if not,
why (a confirmed seat; passport details in the profile), and whether IOM covers the delegate's
travel (an approved travel sponsorship). The letter's own data is in
registrations.renderers.visa_letters."""

from __future__ import annotations

from django.utils.translation import gettext

from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship

SponsorshipStatus = Sponsorship.Status
# A sponsorship that pays the trip: approved, and every later step of an approved one but the
# no-show (a letter for a trip not made is no use to a consulate).
COVERED_STATUSES = (
    SponsorshipStatus.APPROVED,
    SponsorshipStatus.TICKET_ISSUED,
    SponsorshipStatus.TRAVELLED,
    SponsorshipStatus.SETTLED,
)
# A visa letter invites to a workshop ahead: only a confirmed seat gets one.
VISA_LETTER_STATUSES = (Registration.Status.CONFIRMED,)

NOT_CONFIRMED = "not_confirmed"
NO_PASSPORT = "no_passport"


def refusal(registration: Registration) -> tuple[str, str] | None:
    """Why the registration has no visa letter, as (code, sentence in the active language), or
    None when it may have one."""
    if registration.status not in VISA_LETTER_STATUSES:
        return (
            NOT_CONFIRMED,
            gettext(
                "A visa invitation letter is made once your seat at the workshop is confirmed."
            ),
        )
    if not registration.delegate.has_passport_details:
        return (
            NO_PASSPORT,
            gettext(
                "A visa invitation letter needs your passport details, and your profile has "
                "none. Give them in your profile, then come back to this page."
            ),
        )
    return None


def may_have_letter(registration: Registration) -> bool:
    return refusal(registration) is None


def iom_covers_travel(registration: Registration) -> bool:
    """Whether IOM pays the delegate's journey: the registration's sponsorship is approved (or
    went on from approval to ticket, travel or settlement). One query."""
    return Sponsorship.objects.filter(
        registration_id=registration.pk, status__in=COVERED_STATUSES
    ).exists()
