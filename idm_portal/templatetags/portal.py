from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from idm_portal import kept
from idm_portal.places import place_name

register = template.Library()


@register.simple_tag
def date_range(start: date, end: date | None = None) -> str:
    """'25–26 March 2009', '30 June – 1 July 2009' or one date, in the active language's
    own date format ('25–26 de marzo de 2009' in Spanish); kept per language (a programme
    page writes a dozen of them at every render)."""
    return _date_range(start, end)


@kept.per_language
def _date_range(start: date, end: date | None) -> str:
    if end is None or end == start:
        return date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return _("%(start)s–%(end)s") % {
            "start": date_format(start, "j"),
            "end": date_format(end, "DATE_FORMAT"),
        }
    start_format = "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT"
    return _("%(start)s – %(end)s") % {
        "start": date_format(start, start_format),
        "end": date_format(end, "DATE_FORMAT"),
    }


@register.simple_tag
def day_heading(day: date) -> str:
    """'Wednesday, 25 March 2009' in the active language's words and date format ('Mercredi
    25 mars 2009', 'Miércoles, 25 de marzo de 2009'): a heading, so capitalized; kept per
    language."""
    return _day_heading(day)


@kept.per_language
def _day_heading(day: date) -> str:
    return capfirst(
        _("%(weekday)s, %(date)s")
        % {"weekday": date_format(day, "l"), "date": date_format(day, "DATE_FORMAT")}
    )


@register.filter
def place(value: str) -> str:
    """A stored venue in the active language ("Palais des Nations, Genève")."""
    return _place_name(value)


_place_name = kept.per_language(place_name)
