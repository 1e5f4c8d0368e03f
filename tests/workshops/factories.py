import datetime
import itertools
import string

import factory

from workshops.models import AgendaItem, KeyDate, MemberState, Programme, Workshop


def _free_country_code() -> str:
    """A two-letter code no member state uses yet (the data migration takes the real ones)."""
    taken = set(MemberState.objects.values_list("country", flat=True))
    for first, second in itertools.product(string.ascii_uppercase, repeat=2):
        if first + second not in taken:
            return first + second
    raise RuntimeError("All 676 two-letter codes are in use.")


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState

    country = factory.LazyFunction(_free_country_code)
    name = factory.Sequence(lambda n: f"Republic of Testland {n}")
    status = MemberState.Status.MEMBER
    admission_year = 1990
    region = MemberState.Region.AFRICA
    dac_category = MemberState.DacCategory.LDC


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2100 + n)
    theme = factory.Sequence(lambda n: f"Overarching theme {n}")
    summary = "What the membership will discuss this year."
    is_published = True


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Intersessional workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.programme.year, 3, 25))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    venue = "Geneva"
    description = "Two days of dialogue among the membership."
    capacity = 150
    sponsored_seats = 10
    registration_status = Workshop.RegistrationStatus.OPEN


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    workshop = factory.SubFactory(WorkshopFactory)
    day = factory.SelfAttribute("workshop.start_date")
    start_time = factory.Sequence(lambda n: datetime.time(9 + n % 9, 0))
    end_time = None
    title = factory.Sequence(lambda n: f"Session {n}")
    speakers = "Representative of a member state\nRepresentative of an NGO"
    moderator = "IOM Migration Policy Department"


class KeyDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDate

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Session {n} of the IOM Council")
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.programme.year, 11, 23))
    end_date = None
    venue = "Geneva"
