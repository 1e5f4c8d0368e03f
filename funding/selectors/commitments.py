"""Reads of money promised away (Commitment) per workshop and budget line."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from funding.models.commitments import Commitment
from funding.money import ZERO


def active_commitments(workshop) -> QuerySet[Commitment]:
    """The workshop's commitments not released, newest first."""
    return Commitment.objects.filter(workshop=workshop, released_at__isnull=True)


def committed_by_category(workshop) -> dict[str, Decimal]:
    """{budget line category: USD promised away and not released} for the workshop (one
    query); categories with nothing committed are absent."""
    rows = active_commitments(workshop).values("category").annotate(total=Sum("amount")).order_by()
    return {row["category"]: row["total"] for row in rows}


def committed_total(workshop) -> Decimal:
    """USD of the workshop promised away and not released (one query)."""
    return active_commitments(workshop).aggregate(total=Sum("amount"))["total"] or ZERO
