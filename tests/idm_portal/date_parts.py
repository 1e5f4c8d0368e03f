"""What a browser posts for a date asked as day, month and year
(idm_portal.form_fields.DayMonthYearField): three parts, `<name>_0`, `<name>_1`, `<name>_2`."""

from __future__ import annotations

import datetime


def date_parts(name: str, value: datetime.date | str | tuple[str, str, str] | None) -> dict:
    """The parts of `value` as the three inputs send them: a date (or "YYYY-MM-DD") as day,
    month number and year; a tuple as typed; None or "" as three empty parts."""
    if isinstance(value, str) and value:
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.date):
        value = (str(value.day), str(value.month), str(value.year))
    parts = value or ("", "", "")
    return {f"{name}_{index}": part for index, part in enumerate(parts)}


def with_date_parts(data: dict, *names: str) -> dict:
    """`data` with each of `names` given as one value replaced by its three parts."""
    data = dict(data)
    for name in names:
        if name in data:
            data.update(date_parts(name, data.pop(name)))
    return data
