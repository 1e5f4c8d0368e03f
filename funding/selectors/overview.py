"""Finance's funding overview: the programme's coverage, its pledges by state, the overdue
pledges and the money committed away, each read in one query whatever the data's size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from funding.models.budgets import Category
from funding.models.commitments import Commitment
from funding.models.pledges import Pledge
from funding.money import ZERO
from funding.selectors import pages
from funding.selectors import pledges as pledges_selectors
from workshops.models import Programme

OVERDUE_SHOWN = 50  # the overview lists the oldest; the pledges' admin filters all of them


@dataclass(frozen=True)
class StateTotal:
    status: str
    label: str
    count: int
    usd: Decimal


def pledges_by_state(programme: Programme) -> list[StateTotal]:
    """Number of pledges and their USD, per state, every state listed (one query)."""
    rows = {
        row["status"]: row
        for row in Pledge.objects.filter(programme=programme)
        .values("status")
        .annotate(count=Count("pk"), usd=Sum("amount_usd"))
        .order_by()
    }
    return [
        StateTotal(
            status,
            label,
            rows.get(status, {}).get("count", 0),
            rows.get(status, {}).get("usd") or ZERO,
        )
        for status, label in Pledge.Status.choices
    ]


def commitments_by_workshop(programme: Programme) -> list[dict]:
    """Money committed away and not released, per workshop and budget line:
    ``{"workshop_id", "category", "total", "count"}`` (one query)."""
    return list(
        Commitment.objects.filter(workshop__programme=programme, released_at__isnull=True)
        .values("workshop_id", "category")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("workshop__start_date", "category")
    )


def overview(programme: Programme) -> dict:
    """Everything the overview shows: ``figures`` (pages.ProgrammeFigures), ``states``,
    ``overdue`` (the oldest :data:`OVERDUE_SHOWN`) and ``overdue_count``, ``commitments``
    (with their workshop attached). Eight queries."""
    figures = pages.programme_figures(programme)
    workshops = {row.workshop.pk: row.workshop for row in figures.rows}
    overdue = pledges_selectors.overdue_pledges().filter(programme=programme)
    commitments = commitments_by_workshop(programme)
    labels = dict(Category.choices)
    for row in commitments:
        row["workshop"] = workshops.get(row["workshop_id"])
        row["category_label"] = labels.get(row["category"], row["category"])
    return {
        "figures": figures,
        "states": pledges_by_state(programme),
        "overdue": list(overdue[:OVERDUE_SHOWN]),
        "overdue_count": overdue.count(),
        "commitments": commitments,
    }
