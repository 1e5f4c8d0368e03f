"""Form fields shared by the apps.

`DayMonthYearField` asks a date a person knows (a date of birth, a passport's expiry, the date
printed on a note verbale) as GOV.UK's "memorable date": Day, Month, Year, in that order,
each with its own label, in a fieldset whose legend is the field's label. `<input
type="date">` shows mm/dd/yyyy or dd/mm/yyyy as the browser's own locale decides, whatever
the portal's language, and a date on a visa letter must not be read the wrong way round. The
month is a list of its names in the page's language, so that "3" and "4" cannot be swapped.
What was typed comes back exactly as typed beside the error, "3x" included.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

PARTS = ("day", "month", "year")
PART_LABELS = (_("Day"), _("Month"), _("Year"))
MONTH_CHOICES = [("", "—"), *((str(number), name) for number, name in MONTHS.items())]


def part_names(name: str) -> tuple[str, str, str]:
    """The names a DayMonthYearWidget posts the field `name` under: what a view lists in
    `sensitive_post_parameters` when the date is personal data."""
    return (f"{name}_0", f"{name}_1", f"{name}_2")


class DayMonthYearWidget(forms.MultiWidget):
    """Three inputs posted as `<name>_0` (day), `<name>_1` (month: 1 to 12), `<name>_2` (year).
    `autocomplete="bday"` lets a browser fill a date of birth (bday-day, bday-month,
    bday-year)."""

    template_name = "idm_portal/widgets/day_month_year.html"
    use_fieldset = True

    def __init__(self, attrs=None, *, autocomplete: str = ""):
        tokens = {part: f"{autocomplete}-{part}" for part in PARTS} if autocomplete else {}

        def attrs_of(part: str, **extra) -> dict:
            token = {"autocomplete": tokens[part]} if part in tokens else {}
            return {"class": f"date-{part}", **token, **extra}

        widgets = (
            forms.TextInput(attrs=attrs_of("day", inputmode="numeric")),
            forms.Select(attrs=attrs_of("month"), choices=MONTH_CHOICES),
            forms.TextInput(attrs=attrs_of("year", inputmode="numeric")),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], PART_LABELS, strict=True):
            subwidget["label"] = label
        return context


class DayMonthYearField(forms.DateField):
    """A date typed as day, month and year. All three empty is no date (an error only where
    the field is required); a part missing is named; anything else that is not a date of the
    calendar is "Enter a real date"."""

    widget = DayMonthYearWidget
    default_error_messages = {
        "invalid": _("Enter a real date."),
        "year_digits": _("Enter the year with four digits."),
        "missing_day": _("The date must include a day."),
        "missing_month": _("The date must include a month."),
        "missing_year": _("The date must include a year."),
        "missing_day_month": _("The date must include a day and a month."),
        "missing_day_year": _("The date must include a day and a year."),
        "missing_month_year": _("The date must include a month and a year."),
    }

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)  # a saved date, or one given as "YYYY-MM-DD"
        day, month, year = (str(part or "").strip() for part in (*value, "", "", "")[:3])
        given = dict(zip(PARTS, (day, month, year), strict=True))
        missing = [part for part, text in given.items() if not text]
        if len(missing) == len(PARTS):
            return None
        if missing:
            code = "missing_" + "_".join(missing)
            raise ValidationError(self.error_messages[code], code=code)
        if not all(text.isdecimal() for text in given.values()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError(self.error_messages["year_digits"], code="year_digits")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
