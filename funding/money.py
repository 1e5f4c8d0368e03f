"""Money of the funding app: the ISO 4217 currency list, the one conversion to USD and the
validators the models and admin forms share.

Every USD figure of the programme comes from :func:`to_usd`, which rounds once, to the cent,
half to even (banker's rounding, ``ROUND_HALF_EVEN``: no upward drift when many amounts are
converted and summed). Amounts are never added across currencies: a pledge and its payments
keep their own currency, and each stores its USD value computed here at the rate the pledge
was recorded at.
"""

from __future__ import annotations

import gettext as gettext_module
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
USD = "USD"

# Codes that are not currencies a donor pays in: precious metals, testing and fund codes.
_NOT_MONEY = {
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW",
}  # fmt: skip


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    """`amount` (in a pledge's currency) in USD at `rate` (USD per unit), rounded once to the
    cent, half to even. The only place the portal converts money."""
    return (Decimal(amount) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_EVEN)


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in _NOT_MONEY)


@cache
def _catalogue(language: str):
    return gettext_module.translation(
        "iso4217", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def currency_name(code: str, language: str | None = None) -> str:
    """The currency's name in `language` (the active one by default): "Franc suisse"."""
    currency = pycountry.currencies.get(alpha_3=code)
    if currency is None:
        return code
    language = (language or get_language() or "en").split("-")[0]
    return currency.name if language == "en" else _catalogue(language).gettext(currency.name)


def currency_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, "CHF – Swiss Franc") for every currency, USD, EUR and CHF first (most pledges)."""
    first = ["USD", "EUR", "CHF"]
    rest = sorted(currency_codes() - set(first))
    return [(code, f"{code} – {currency_name(code, language)}") for code in first + rest]


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code (e.g. USD, EUR, CHF)."),
            code="unknown_currency",
            params={"value": value},
        )


def validate_positive_amount(value: Decimal) -> None:
    if value is not None and value <= 0:
        raise ValidationError(
            _("Enter an amount greater than zero."), code="not_positive", params={"value": value}
        )


def validate_positive_rate(value: Decimal) -> None:
    if value is not None and value <= 0:
        raise ValidationError(
            _("The rate to USD must be greater than zero."),
            code="not_positive",
            params={"value": value},
        )


def validate_not_negative(value: Decimal) -> None:
    if value is not None and value < 0:
        raise ValidationError(
            _("Enter zero or a positive amount."), code="negative", params={"value": value}
        )
