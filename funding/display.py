"""Money as a reader reads it: grouped and with two decimals in the active language
("1,234,567.00 USD", "1 234 567,00 USD" in French and Spanish, no-break spaces), by Django's
number formatting. Amounts are rounded only here, for display."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

from funding.money import USD


def amount(value: Decimal | None) -> str:
    """The number alone, for a table whose heading names the currency."""
    if value is None:
        return "–"
    return number_format(value, decimal_pos=2, force_grouping=True)


def money(value: Decimal | None, currency: str = USD) -> str:
    if value is None:
        return "–"
    return f"{amount(value)}\xa0{currency}"


def percent(value: Decimal | None) -> str:
    """ "82.5 %" / "82,5 %"; "–" when there is nothing to divide by."""
    if value is None:
        return "–"
    return f"{number_format(value, decimal_pos=1)}\xa0%"
