"""Sponsorship's services: request and estimate, approval (every rule, funds committed),
waitlist, decline and cancel (funds released, the seat offered), after travel."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.models.commitments import Commitment
from idm_portal.models import OutboundEmail
from registrations.errors import NotAllowed, NotEligible, RegistrationError, SponsoredSeatsFull
from registrations.models.lifecycle import Registration
from registrations.models.sponsorships import Sponsorship
from registrations.selectors import sponsorships as sponsorship_selectors
from registrations.services import lifecycle, sponsorships
from tests.registrations.factories import (
    AirfareFactory,
    RegistrationFactory,
    SponsorshipFactory,
)
from tests.registrations.sponsorship_helpers import TRIP, committed, sponsorable

Status = Sponsorship.Status


@pytest.fixture
def funded(workshop):
    return sponsorable(workshop)


def _request(registration, city="Nairobi"):
    return sponsorships.request_sponsorship(
        registration=registration,
        by=registration.delegate.user,
        departure_city=city,
        expertise="Head of the migration policy unit",
        needs="A vegetarian meal",
    )


# --- the estimate ---------------------------------------------------------------------------


def test_request_estimates_the_cost_in_decimal(funded):
    registration = RegistrationFactory(workshop=funded, status=Registration.Status.ENDORSED)
    sponsorship = _request(registration)
    # Two days of workshop + two travel days = 4 nights: 1 200 + 300 × 4 + 100.
    assert sponsorship.nights == 4
    assert sponsorship.estimated_cost == Decimal("2500.00")
    assert isinstance(sponsorship.estimated_cost, Decimal)
    assert sponsorship.status == Status.REQUESTED


def test_a_citys_own_fare_beats_its_regions(funded):
    AirfareFactory(
        sponsorship_settings=funded.sponsorship_settings, city="nairobi", amount=Decimal("987.65")
    )
    registration = RegistrationFactory(workshop=funded, status=Registration.Status.ENDORSED)
    assert _request(registration, city="Nairobi").estimated_cost == Decimal("2287.65")


def test_estimate_arithmetic_has_no_float_error(db, workshop):
    from tests.registrations.factories import SponsorshipSettingsFactory

    SponsorshipSettingsFactory(
        workshop=workshop, dsa_rate=Decimal("0.10"), terminal_expenses=Decimal("0.20")
    )
    estimate = sponsorship_selectors.estimate(
        workshop, city="X", region="africa", nights=3, fare=Decimal("0.10")
    )
    # In float 0.1 + 0.1 * 3 + 0.2 is 0.6000000000000001.
    assert estimate.total == Decimal("0.60")
    assert str(estimate.dsa_amount) == "0.30"


def test_missing_dsa_rate_is_refused_at_its_field(db, workshop):
    sponsorable(workshop, dsa_rate=None)
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.ENDORSED)
    with pytest.raises(RegistrationError) as refusal:
        _request(registration)
    assert refusal.value.field == "dsa_rate"
    assert not Sponsorship.objects.exists()


@pytest.mark.parametrize("nights", [0, 5, 40])
def test_nights_outside_the_window_are_refused_at_the_field(funded, nights):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    staff = _staff()
    with pytest.raises(RegistrationError) as refusal:
        sponsorships.change_estimate(sponsorship=sponsorship, by=staff, nights=nights)
    assert refusal.value.field == "nights"
    assert "Between 1 and 4 nights" in str(refusal.value)


@pytest.mark.parametrize("fare", [Decimal("0"), Decimal("-10.00")])
def test_a_fare_of_zero_or_less_is_refused_at_the_field(funded, fare):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    with pytest.raises(RegistrationError) as refusal:
        sponsorships.change_estimate(
            sponsorship=sponsorship, by=_staff(), nights=4, actual_fare=fare
        )
    assert refusal.value.field == "actual_fare"
    sponsorship.status = Status.APPROVED
    sponsorship.save()
    with pytest.raises(RegistrationError) as refusal:
        sponsorships.issue_ticket(sponsorship=sponsorship, by=_staff(), actual_fare=fare)
    assert refusal.value.field == "actual_fare"


def test_model_refuses_a_fare_of_zero_at_the_field(funded):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorship.actual_fare = Decimal("0")
    with pytest.raises(ValidationError) as error:
        sponsorship.full_clean()
    assert "actual_fare" in error.value.message_dict


def test_staff_change_the_nights_and_fare_the_estimate_follows(funded):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.change_estimate(
        sponsorship=sponsorship, by=_staff(), nights=3, actual_fare=Decimal("1000.00")
    )
    sponsorship.refresh_from_db()
    assert sponsorship.estimated_cost == Decimal("2000.00")  # 1 000 + 300 × 3 + 100


def test_only_the_delegate_asks_and_only_once(funded, other_user):
    registration = RegistrationFactory(workshop=funded, status=Registration.Status.ENDORSED)
    with pytest.raises(NotAllowed):
        sponsorships.request_sponsorship(
            registration=registration, by=other_user, departure_city="Nairobi", expertise="x"
        )
    _request(registration)
    with pytest.raises(RegistrationError):
        _request(registration)


def test_request_refused_for_good_reasons_only(funded):
    at_mission = RegistrationFactory(
        workshop=funded, delegate__based_in="mission", status=Registration.Status.ENDORSED
    )
    with pytest.raises(NotEligible, match="Permanent Mission"):
        _request(at_mission)
    # Not endorsed yet: the request is taken; approval waits for the endorsement.
    not_endorsed = RegistrationFactory(workshop=funded)
    assert _request(not_endorsed).status == Status.REQUESTED


# --- approval -------------------------------------------------------------------------------


def _staff():
    from tests.idm_portal.factories import SecretariatStaffFactory

    return SecretariatStaffFactory()


def test_approval_commits_the_cost_and_emails_the_delegate(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.APPROVED
    assert sponsorship.commitment.amount == TRIP
    assert sponsorship.commitment.category == "participant_travel"
    assert committed(funded) == TRIP
    email = OutboundEmail.objects.get(kind="registrations/email/sponsorship_approved")
    assert email.to == sponsorship.registration.delegate.user.email
    assert "2500.00 USD" in email.text


def test_approval_email_in_the_delegates_language(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    user = sponsorship.registration.delegate.user
    user.preferred_language = "fr"
    user.save()
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    email = OutboundEmail.objects.get(kind="registrations/email/sponsorship_approved")
    assert email.language == "fr"


def test_approval_of_a_cancelled_registration_is_refused_with_the_reason(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    Registration.objects.filter(pk=sponsorship.registration_id).update(
        status=Registration.Status.CANCELLED
    )
    with pytest.raises(NotEligible, match="The registration was cancelled"):
        sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.REQUESTED
    assert not Commitment.objects.exists()


def test_approval_refused_when_the_seats_are_taken(db, staff, workshop):
    workshop.sponsored_seats = 1
    workshop.save()
    sponsorable(workshop)
    SponsorshipFactory(registration__workshop=workshop, status=Status.APPROVED)
    second = SponsorshipFactory(registration__workshop=workshop)
    with pytest.raises(SponsoredSeatsFull):
        sponsorships.approve(sponsorship=second, by=staff)
    assert not Commitment.objects.exists()


def test_approval_refused_when_the_funds_do_not_allow_it(db, staff, workshop):
    sponsorable(workshop, funds=TRIP - 1)
    sponsorship = SponsorshipFactory(registration__workshop=workshop)
    with pytest.raises(RegistrationError, match="does not fit"):
        sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.REQUESTED
    assert not Commitment.objects.exists()


def test_approval_refused_with_every_eligibility_reason(funded, staff):
    sponsorship = SponsorshipFactory(
        registration__workshop=funded,
        registration__status=Registration.Status.SUBMITTED,
        registration__delegate__based_in="mission",
    )
    with pytest.raises(NotEligible) as refusal:
        sponsorships.approve(sponsorship=sponsorship, by=staff)
    assert "Permanent Mission" in str(refusal.value)
    assert "not endorsed" in str(refusal.value)


# --- decline, cancel, the waitlist ----------------------------------------------------------


def test_decline_needs_a_reason_the_delegate_reads(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    with pytest.raises(RegistrationError) as refusal:
        sponsorships.decline(sponsorship=sponsorship, by=staff, reason=" ")
    assert refusal.value.field == "decision_reason"
    sponsorships.decline(sponsorship=sponsorship, by=staff, reason="Expertise not on the subject")
    email = OutboundEmail.objects.get(kind="registrations/email/sponsorship_declined")
    assert "Expertise not on the subject" in email.text


def _approved_and_waitlisted(workshop, staff):
    workshop.sponsored_seats = 1
    workshop.save()
    approved = SponsorshipFactory(registration__workshop=workshop)
    sponsorships.approve(sponsorship=approved, by=staff)
    waiting = SponsorshipFactory(registration__workshop=workshop)
    sponsorships.waitlist(sponsorship=waiting, by=staff)
    return approved, waiting


def test_declining_an_approved_one_releases_funds_and_offers_the_seat(funded, staff):
    approved, waiting = _approved_and_waitlisted(funded, staff)
    sponsorships.decline(sponsorship=approved, by=staff, reason="Travel not possible")
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert approved.status == Status.DECLINED
    assert approved.commitment.released_at is not None
    assert waiting.status == Status.APPROVED
    assert committed(funded) == TRIP  # the waitlisted one's only


def test_cancelling_releases_funds_and_offers_the_seat(funded, staff):
    approved, waiting = _approved_and_waitlisted(funded, staff)
    sponsorships.cancel(sponsorship=approved, by=approved.registration.delegate.user)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    assert Commitment.objects.filter(released_at__isnull=False).count() == 1


def test_a_waitlisted_one_that_fails_a_rule_is_skipped(funded, staff):
    approved, waiting = _approved_and_waitlisted(funded, staff)
    Registration.objects.filter(pk=waiting.registration_id).update(
        status=Registration.Status.CANCELLED
    )
    third = SponsorshipFactory(registration__workshop=funded)
    sponsorships.waitlist(sponsorship=third, by=staff)
    sponsorships.cancel(sponsorship=approved, by=staff)
    waiting.refresh_from_db()
    third.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert third.status == Status.APPROVED


def test_a_cancelled_registration_releases_its_sponsorship(funded, staff):
    approved, waiting = _approved_and_waitlisted(funded, staff)
    registration = approved.registration
    lifecycle.cancel(registration=registration, by=registration.delegate.user)
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert approved.status == Status.CANCELLED
    assert "cancelled" in approved.decision_reason
    assert approved.commitment.released_at is not None
    assert waiting.status == Status.APPROVED


def test_another_delegate_cannot_cancel(funded, other_user):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    with pytest.raises(NotAllowed):
        sponsorships.cancel(sponsorship=sponsorship, by=other_user)


# --- afterwards -----------------------------------------------------------------------------


def test_ticket_adjusts_the_commitment(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorships.issue_ticket(sponsorship=sponsorship, by=staff, actual_fare=Decimal("1450.50"))
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.TICKET_ISSUED
    assert sponsorship.estimated_cost == Decimal("2750.50")
    assert committed(funded) == Decimal("2750.50")
    assert Commitment.objects.filter(released_at__isnull=False).count() == 1


def test_ticket_beyond_the_funds_changes_nothing(db, staff, workshop):
    sponsorable(workshop, funds=TRIP)
    sponsorship = SponsorshipFactory(registration__workshop=workshop)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    with pytest.raises(RegistrationError, match="does not fit"):
        sponsorships.issue_ticket(sponsorship=sponsorship, by=staff, actual_fare=Decimal("1300"))
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.APPROVED
    assert sponsorship.actual_fare is None
    assert committed(workshop) == TRIP
    assert sponsorship.commitment.released_at is None


def test_travelled_then_settled_records_the_actual_cost(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorships.issue_ticket(sponsorship=sponsorship, by=staff, actual_fare=Decimal("1200"))
    sponsorships.mark_travelled(sponsorship=sponsorship, by=staff)
    sponsorships.settle(sponsorship=sponsorship, by=staff, actual_cost=Decimal("2401.15"))
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.SETTLED
    assert sponsorship.actual_cost == Decimal("2401.15")
    assert committed(funded) == Decimal("2401.15")
    statuses = [h.status for h in sponsorship.history.order_by("history_date")]
    assert statuses == ["requested", "approved", "ticket_issued", "travelled", "settled"]


def test_no_show_is_recorded(funded, staff):
    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    sponsorships.mark_no_show(sponsorship=sponsorship, by=staff)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Status.NO_SHOW
    with pytest.raises(RegistrationError):
        sponsorships.mark_travelled(sponsorship=sponsorship, by=staff)


def test_a_sponsored_registration_cannot_be_deleted_leaving_its_money_committed(funded, staff):
    from django.db.models import ProtectedError

    sponsorship = SponsorshipFactory(registration__workshop=funded)
    sponsorships.approve(sponsorship=sponsorship, by=staff)
    with pytest.raises(ProtectedError):
        sponsorship.registration.delete()
    assert committed(funded) == TRIP
    assert Sponsorship.objects.filter(pk=sponsorship.pk).exists()
