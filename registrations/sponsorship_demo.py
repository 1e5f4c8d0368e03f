"""Demo travel sponsorships for the 2009 workshops, through the services (so that their money
is committed through funding's): each workshop's figures, and requests in various states —
approved with its ticket issued, requested, waitlisted, declined. Called by
registrations.demo after the registrations; a second run finds the figures and changes nothing.
"""

from decimal import Decimal as D

from idm_portal.models import OutboundEmail, User
from idm_portal.queue import outbox
from registrations.errors import RegistrationError
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Airfare, SponsorshipSettings
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import sponsorships
from workshops.models import MemberState

# Economy return fares to Geneva in 2009, by region (USD), and the Geneva DSA of the time.
FARES = {
    MemberState.Region.AFRICA: D("1850.00"),
    MemberState.Region.AMERICAS: D("1650.00"),
    MemberState.Region.ASIA: D("1750.00"),
    MemberState.Region.EUROPE: D("650.00"),
    MemberState.Region.OCEANIA: D("2400.00"),
}
DSA_GENEVA = D("378.00")
TERMINAL = D("120.00")
EXPERTISE = "Responsible for migration policy and its coordination across ministries"


def _settings(workshop) -> None:
    found = SponsorshipSettings(
        workshop=workshop, dsa_rate=DSA_GENEVA, terminal_expenses=TERMINAL, travel_days=2
    )
    found.full_clean()
    found.save()
    for region, amount in FARES.items():
        fare = Airfare(sponsorship_settings=found, region=region, amount=amount)
        fare.full_clean()
        fare.save()


def _ask(registration: Registration, city: str):
    return sponsorships.request_sponsorship(
        registration=registration,
        by=registration.delegate.user,
        departure_city=city,
        expertise=EXPERTISE,
    )


def load(workshops, staff: User) -> None:
    if SponsorshipSettings.objects.filter(workshop__in=workshops).exists():
        return
    for workshop in workshops:
        _settings(workshop)
    first = workshops[0]
    # Kenya's official, registered by the focal point (endorsed): approved, ticket issued.
    otieno = Registration.objects.get(
        workshop=first, delegate__user__email="delegate.ke.interior@example.org"
    )
    approved = _ask(otieno, "Nairobi")
    sponsorships.approve(sponsorship=approved, by=staff)
    sponsorships.issue_ticket(sponsorship=approved, by=staff, actual_fare=D("1790.00"))
    # Kenya's adviser: asked, not endorsed yet (and Kenya's one sponsored seat is taken).
    adviser = Registration.objects.get(
        workshop=first, delegate__user__email="delegate.ke.adviser@example.org"
    )
    _ask(adviser, "Nairobi")
    # Officials from capitals of eligible states, confirmed without endorsement: one waits for
    # a decision, one is on the waitlist, one is declined.
    candidates = [
        registration
        for registration in Registration.objects.filter(
            workshop__in=workshops,
            delegate__based_in="capital",
            delegate__member_state__dac_category__gt="",
            status=Registration.Status.CONFIRMED,
        )
        .select_related("delegate__member_state", "delegate__user", "workshop")
        .order_by("workshop__start_date", "delegate__member_state__name")
        if sponsorship_selectors.eligibility(registration).may_request
    ][:3]
    made = []
    for registration in candidates:
        try:
            made.append(_ask(registration, "the capital"))
        except RegistrationError:
            continue  # no fare for that region: nothing to show
    if len(made) > 1:
        sponsorships.waitlist(sponsorship=made[1], by=staff, reason="Awaiting the endorsement")
    if len(made) > 2:
        sponsorships.decline(
            sponsorship=made[2],
            by=staff,
            reason="The expertise described is not on the workshop's subject.",
        )
    # Demo e-mails are not sent.
    outbox.cancel(
        email_ids=OutboundEmail.objects.filter(
            kind__startswith="registrations/email/sponsorship_"
        ).values_list("pk", flat=True)
    )
