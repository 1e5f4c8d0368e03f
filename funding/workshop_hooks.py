"""What funding adds to the programme through workshops.hooks: the badge "Funded" / "Subject
to funding" on the public pages (computed from the coverage figures), and, in the workshop
admin, the figure that decides it."""

from django.contrib import admin
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funding.selectors import coverage
from workshops import hooks


def _usd(amount) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} USD"


@admin.display(description=_("Funding"))
def funding_figure(workshop) -> str:
    """ "Funds 80,000.00 USD of a budget of 100,000.00 USD (80.0 %): subject to funding"."""
    if workshop is None or workshop.pk is None:
        return "–"
    figures = coverage.workshop_coverage(workshop)
    if not figures.has_budget:
        return gettext("No budget yet: subject to funding.")
    verdict = gettext("subject to funding") if figures.is_subject_to_funding else gettext("funded")
    text = gettext(
        "Funds %(funds)s (earmarked %(earmarked)s, share of the programme's %(share)s) of a "
        "budget of %(budget)s, %(percent)s %% covered; gap %(gap)s: %(verdict)s."
    ) % {
        "funds": _usd(figures.funds),
        "earmarked": _usd(figures.earmarked.funds),
        "share": _usd(figures.share.funds),
        "budget": _usd(figures.budget),
        "percent": number_format(figures.coverage_percent or 0, decimal_pos=1),
        "gap": _usd(figures.gap),
        "verdict": verdict,
    }
    return format_html("<strong>{}</strong>", text)


def funding_states(workshops) -> dict[int, bool]:
    """The badge's answer (coverage.funding_states), keeping each workshop's figures on it
    (``_funding_coverage``) so that the workshop page's coverage bar reads them again free."""
    workshops = list(workshops)
    figures = coverage.workshops_coverage(workshops)
    for workshop in workshops:
        workshop._funding_coverage = figures.get(workshop.pk)
    return {pk: c.is_subject_to_funding for pk, c in figures.items()}


def register() -> None:
    hooks.register_funding_states("funding", provide=funding_states)
    hooks.register_admin("funding", fieldsets=[(_("Funding"), {"fields": (funding_figure,)})])
