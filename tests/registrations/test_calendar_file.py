"""The delegate's calendar file, read back with the `icalendar` parser as a calendar app reads
it: each day of the workshop with its hours in Geneva time, the venue's address, the workshop's
page and a description; and the "confirmed" e-mail that carries it and links the letter."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from idm_portal.models import OutboundEmail
from registrations.models.lifecycle import Registration
from registrations.services import lifecycle
from tests.registrations.factories import RegistrationFactory
from tests.workshops.factories import AgendaItemFactory, ProgrammeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
BASE = "https://idm.example.org"
ADDRESS = "17 rue de Varembé, 1211 Geneva 20, Switzerland"


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def workshop_2099():
    """Two days; the first has an agenda, the second none yet."""
    workshop = WorkshopFactory(
        programme=ProgrammeFactory(year=2099),
        title="Migration and climate change",
        slug="climate",
        start_date=datetime.date(2099, 3, 25),
        end_date=datetime.date(2099, 3, 26),
        venue="Geneva",
        venue_address=ADDRESS,
    )
    day = workshop.start_date
    agenda = [
        (datetime.time(10, 0), datetime.time(10, 30), "Opening remarks"),
        (datetime.time(10, 30), datetime.time(13, 0), "Session I: Climate and mobility"),
        (datetime.time(15, 0), datetime.time(17, 45), "Session II: Planned relocation"),
    ]
    for start, end, title in agenda:
        AgendaItemFactory(workshop=workshop, day=day, start_time=start, end_time=end, title=title)
    return workshop


def events(content: bytes) -> list:
    return sorted(Calendar.from_ical(content).walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))


def test_each_day_has_its_hours_in_geneva_time_the_address_the_page_and_a_description(
    client, workshop_2099
):
    registration = RegistrationFactory(workshop=workshop_2099)
    client.force_login(registration.delegate.user)
    with translation.override("en"):
        path = reverse("registrations:calendar", args=[registration.pk])
        page = BASE + reverse("workshops:detail", kwargs={"slug": "climate"})

    content = client.get(path).content

    first, second = events(content)
    for event in (first, second):
        assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
        assert event["DTEND"].params["TZID"] == "Europe/Zurich"
        assert ADDRESS in str(event["LOCATION"])
        assert str(event["URL"]) == page
        assert page in str(event["DESCRIPTION"])
    # From the agenda: the first item's start to the last one's end, Geneva time.
    assert first.decoded("DTSTART") == datetime.datetime(2099, 3, 25, 10, 0, tzinfo=GENEVA)
    assert first.decoded("DTEND") == datetime.datetime(2099, 3, 25, 17, 45, tzinfo=GENEVA)
    assert "10:30 Session I: Climate and mobility" in str(first["DESCRIPTION"])
    # No agenda for the second day yet: a working day.
    assert second.decoded("DTSTART") == datetime.datetime(2099, 3, 26, 9, 0, tzinfo=GENEVA)
    assert second.decoded("DTEND") == datetime.datetime(2099, 3, 26, 18, 0, tzinfo=GENEVA)
    # The zone is described in the file, so that any calendar app places the hours right.
    (zone,) = Calendar.from_ical(content).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Zurich"


def test_the_calendar_speaks_the_delegates_language(client, workshop_2099):
    registration = RegistrationFactory(workshop=workshop_2099)
    client.force_login(registration.delegate.user)
    with translation.override("fr"):
        path = reverse("registrations:calendar", args=[registration.pk])

    first, _second = events(client.get(path).content)

    assert str(first["LOCATION"]).startswith("Genève, ")
    assert "/fr/" in str(first["URL"])


def test_the_confirmed_email_attaches_the_calendar_and_links_the_letter(
    staff, workshop_2099, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(
        workshop=workshop_2099,
        status=Registration.Status.ENDORSED,
        delegate__user__preferred_language="en",
    )
    with translation.override("en"):
        letter = BASE + reverse("registrations:confirmation_letter", args=[registration.pk])

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.confirm(registration=registration, by=staff)

    (message,) = mail.outbox
    assert letter in message.body
    assert f'href="{letter}"' in message.alternatives[0][0]
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert (name, mimetype) == ("climate.ics", "text/calendar")
    first, second = events(content.encode() if isinstance(content, str) else content)
    assert first.decoded("DTSTART") == datetime.datetime(2099, 3, 25, 10, 0, tzinfo=GENEVA)
    assert ADDRESS in str(second["LOCATION"])
    # Once sent, the outbox keeps no copy of what it sent.
    assert OutboundEmail.objects.get().attachments == []
