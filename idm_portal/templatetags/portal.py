from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def date_range(start: date, end: date | None = None) -> str:
    """'25–26 March 2009', '30 June – 1 July 2009' or one date, in the active language."""
    if end is None or end == start:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return _("%(start)s–%(end)s") % {
            "start": date_format(start, "j"),
            "end": date_format(end, "j F Y"),
        }
    if start.year == end.year:
        return _("%(start)s – %(end)s") % {
            "start": date_format(start, "j F"),
            "end": date_format(end, "j F Y"),
        }
    return _("%(start)s – %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
