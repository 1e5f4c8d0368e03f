"""{{ amount|money:"CHF" }}, {{ amount|usd }}, {{ value|percent }}: funding.display in
templates, in the page's language."""

from django import template

from funding import display

register = template.Library()


@register.filter
def money(amount, currency="USD") -> str:
    return display.money(amount, currency)


@register.filter
def usd(amount) -> str:
    return display.money(amount)


@register.filter
def percent(value) -> str:
    return display.percent(value)
