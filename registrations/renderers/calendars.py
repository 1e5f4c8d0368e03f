"""The delegate's calendar file (.ics) for a workshop: one event a day, with that day's hours in
Geneva time from the agenda (09:00–18:00 for a day without one), the venue and its address, the
workshop's page and a description, in the delegate's language. Served on the delegate's
registrations page and attached to the "confirmed" e-mail."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext
from icalendar import Calendar, Event

from registrations.models.lifecycle import Registration
from registrations.renderers import common
from registrations.renderers.letters import place_name
from registrations.selectors import letters as letters_selectors
from workshops import text as content_text

# The agenda's times are Geneva's, wherever the server or the delegate is.
WORKSHOP_TIME_ZONE = ZoneInfo("Europe/Zurich")
DEFAULT_HOURS = (datetime.time(9, 0), datetime.time(18, 0))
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def filename(registration: Registration) -> str:
    return f"{registration.workshop.slug}.ics"


def _days(workshop) -> list[datetime.date]:
    count = (workshop.end_date - workshop.start_date).days + 1
    return [workshop.start_date + datetime.timedelta(days=n) for n in range(count)]


def day_hours(day_items: list) -> tuple[datetime.time, datetime.time]:
    """From the day's first start to its last end (an item without an end ends at its start)."""
    if not day_items:
        return DEFAULT_HOURS
    start = day_items[0].start_time
    end = max(item.end_time or item.start_time for item in day_items)
    return start, (end if end > start else max(start, DEFAULT_HOURS[1]))


def _description(registration: Registration, *, day_items: list, urls: dict) -> str:
    workshop = registration.workshop
    lines = [
        gettext("Intersessional workshop of the %(meeting)s, in English, French and Spanish.")
        % {"meeting": common.meeting(workshop)},
        "",
    ]
    if day_items:
        lines.append(gettext("Agenda of the day:"))
        lines += [f"{time_format(item.start_time, 'H:i')} {item.title}" for item in day_items]
        lines.append("")
    lines.append(gettext("Workshop page: %(url)s") % {"url": urls["workshop"]})
    lines.append(gettext("Your confirmation letter: %(url)s") % {"url": urls["letter"]})
    return "\n".join(lines)


def calendar_ics(registration: Registration, language: str) -> bytes:
    """The workshop as one event per day, in `language`."""
    workshop = registration.workshop
    agenda = letters_selectors.agenda_by_day(workshop)
    with translation.override(language):
        urls = {
            "workshop": _absolute(reverse("workshops:detail", kwargs={"slug": workshop.slug})),
            "letter": _absolute(
                reverse("registrations:confirmation_letter", kwargs={"pk": registration.pk})
            ),
        }
        location = ", ".join(
            part for part in (place_name(workshop.venue), workshop.venue_address) if part
        )
        days = _days(workshop)
        cal = Calendar()
        cal.add("prodid", "-//IOM//IDM Portal//EN")
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        for number, day in enumerate(days, 1):
            day_items = agenda.get(day, [])
            start, end = day_hours(day_items)
            event = Event()
            event.add("uid", f"idm-registration-{registration.pk}-{day.isoformat()}@idm-portal")
            event.add("dtstamp", timezone.now())
            summary = content_text.plain(workshop, "title")
            if len(days) > 1:
                summary = gettext("%(workshop)s (day %(day)s of %(days)s)") % {
                    "workshop": content_text.plain(workshop, "title"),
                    "day": number,
                    "days": len(days),
                }
            event.add("summary", summary)
            event.add("dtstart", datetime.datetime.combine(day, start, tzinfo=WORKSHOP_TIME_ZONE))
            event.add("dtend", datetime.datetime.combine(day, end, tzinfo=WORKSHOP_TIME_ZONE))
            event.add("location", location)
            event.add("url", urls["workshop"])
            event.add("description", _description(registration, day_items=day_items, urls=urls))
            cal.add_component(event)
        cal.add_missing_timezones()
    return cal.to_ical()
