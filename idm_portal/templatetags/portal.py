from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from idm_portal.places import place_name

register = template.Library()


@register.simple_tag
def date_range(start: date, end: date | None = None) -> str:
    """'25–26 March 2009', '30 June – 1 July 2009' or one date, in the active language's
    own date format ('25–26 de marzo de 2009' in Spanish)."""
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


@register.filter
def place(value: str) -> str:
    """A stored venue in the active language ("Palais des Nations, Genève")."""
    return place_name(value)
