"""What funding adds to the programme through workshops.hooks: the badge "Funded" / "Subject
to funding" on the public pages (computed from the coverage figures), and, in the workshop
admin, the figure that decides it."""

from django.contrib import admin
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funding import page_blocks, page_cache
from funding.models.budgets import BudgetLine, Category
from funding.selectors import coverage, stamp
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


def _figures(workshop_list: list, workshop_ids: list[int]) -> tuple[dict, dict, dict]:
    """({workshop pk: WorkshopCoverage}, {pk: its budget's travel line}, {pk: the average cost
    of its sponsored trips, when there are any}), five queries."""
    figures = coverage.workshops_coverage(workshop_list)
    travel = dict(
        BudgetLine.objects.filter(
            budget__workshop__in=workshop_ids, category=Category.PARTICIPANT_TRAVEL
        ).values_list("budget__workshop_id", "amount")
    )
    return figures, travel, page_blocks.average_trip_costs(workshop_ids)


def funding_states(workshops) -> dict[int, bool]:
    """The badge's answer (coverage.funding_states), keeping each workshop's figures and travel
    line on it (``_funding_coverage``, ``_funding_travel_line``) so that the workshop page's
    coverage bar reads them again free. The figures are kept on funding's stamp
    (funding.page_cache): while no money changed, the badge reads no pledge, only the stamp."""
    workshops = list(workshops)
    ids = sorted(w.pk for w in workshops)
    key = page_cache.key("badge", *ids, stamp.funding_stamp())
    kept = page_cache.store().get(key)
    if kept is None:
        kept = _figures(workshops, ids)
        page_cache.store().set(key, kept, stamp.PAGE_CACHE_SECONDS)
    figures, travel, trips = kept
    for workshop in workshops:
        workshop._funding_coverage = figures.get(workshop.pk)
        workshop._funding_travel_line = travel.get(workshop.pk)
        workshop._funding_trip_average = trips.get(workshop.pk)
    return {pk: c.is_subject_to_funding for pk, c in figures.items()}


def register() -> None:
    hooks.register_funding_states("funding", provide=funding_states)
    hooks.register_admin("funding", fieldsets=[(_("Funding"), {"fields": (funding_figure,)})])
