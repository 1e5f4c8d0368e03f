from decimal import Decimal

import factory
from django.utils import timezone

from registrations.models.delegations import Delegation
from registrations.models.focal_points import FocalPoint
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.models.sponsorships import Airfare, Sponsorship, SponsorshipSettings
from tests.idm_portal.factories import DelegateFactory
from tests.workshops.factories import MemberStateFactory, WorkshopFactory
from workshops.models import MemberState


class DelegateProfileFactory(factory.django.DjangoModelFactory):
    """A member state's delegate (pass member_state=... to choose the state)."""

    class Meta:
        model = DelegateProfile

    user = factory.SubFactory(DelegateFactory)
    title = DelegateProfile.Title.MS
    family_name = factory.Faker("last_name")
    given_names = factory.Faker("first_name")
    gender = DelegateProfile.Gender.FEMALE
    participant_type = DelegateProfile.ParticipantType.MEMBER_STATE
    member_state = factory.SubFactory(MemberStateFactory)
    organisation = ""
    position = "Counsellor"
    institution = "Ministry of the Interior"
    based_in = DelegateProfile.BasedIn.CAPITAL
    consent_to_public_listing = True

    class Params:
        organization = factory.Trait(
            participant_type=DelegateProfile.ParticipantType.INTERNATIONAL_ORGANIZATION,
            member_state=None,
            organisation="International Labour Organization",
        )
        with_passport = factory.Trait(
            passport_number="P1234567",
            nationality="KE",
            date_of_birth="1970-01-01",
            passport_entered_at=factory.LazyFunction(timezone.now),
        )


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(DelegateFactory)
    member_state = factory.SubFactory(MemberStateFactory)


class DelegationFactory(factory.django.DjangoModelFactory):
    """A delegation whose note verbale is already verified."""

    class Meta:
        model = Delegation
        django_get_or_create = ("member_state", "workshop")

    member_state = factory.SubFactory(MemberStateFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    note_verbale_status = Delegation.NoteVerbaleStatus.VERIFIED


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A member state delegate's registration in a cleared delegation, status given directly
    (tests that are about status changes call the services)."""

    class Meta:
        model = Registration

    delegate = factory.SubFactory(DelegateProfileFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    delegation = factory.LazyAttribute(
        lambda o: (
            DelegationFactory(member_state=o.delegate.member_state, workshop=o.workshop)
            if o.delegate.member_state_id
            and o.delegate.participant_type == DelegateProfile.ParticipantType.MEMBER_STATE
            else None
        )
    )
    role = Registration.Role.DELEGATE
    status = Registration.Status.SUBMITTED


# --- travel sponsorship ---------------------------------------------------------------------


class SponsorshipSettingsFactory(factory.django.DjangoModelFactory):
    """A workshop's sponsorship figures: DSA 300 a night, terminal expenses 100, two travel
    days, and an economy fare of 1 200 from Africa (the factories' region)."""

    class Meta:
        model = SponsorshipSettings
        django_get_or_create = ("workshop",)
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    max_sponsored_per_state = 1
    dsa_rate = Decimal("300.00")
    terminal_expenses = Decimal("100.00")
    travel_days = 2
    region_fare = factory.RelatedFactory(
        "tests.registrations.factories.AirfareFactory",
        factory_related_name="sponsorship_settings",
        region=MemberState.Region.AFRICA,
        amount=Decimal("1200.00"),
    )


class AirfareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Airfare

    sponsorship_settings = factory.SubFactory(SponsorshipSettingsFactory)
    region = ""
    city = ""
    amount = Decimal("1000.00")


class SponsorshipFactory(factory.django.DjangoModelFactory):
    """A request as request_sponsorship leaves it for a two-day workshop (4 nights with the
    travel days): 1 200 + 300 × 4 + 100 = 2 500 USD. Status given directly."""

    class Meta:
        model = Sponsorship

    registration = factory.SubFactory(RegistrationFactory, status=Registration.Status.ENDORSED)
    workshop = factory.SelfAttribute("registration.workshop")
    departure_city = "Nairobi"
    departure_region = MemberState.Region.AFRICA
    expertise = "Head of the migration policy unit"
    estimated_fare = Decimal("1200.00")
    dsa_rate = Decimal("300.00")
    nights = 4
    terminal_expenses = Decimal("100.00")
    estimated_cost = Decimal("2500.00")
    status = Sponsorship.Status.REQUESTED
