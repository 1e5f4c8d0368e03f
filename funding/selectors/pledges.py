"""Reads of pledges and payments: a donor's own, the overdue ones, what was paid on one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from funding.models.pledges import Payment, Pledge
from funding.money import ZERO
from workshops import dates

Status = Pledge.Status
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def with_paid(queryset: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """Each pledge annotated with ``paid_amount`` (in its currency) and ``paid_usd``: the sums
    of its payments, computed by the database in the same query."""
    return queryset.annotate(
        paid_amount=Coalesce(Sum("payments__amount"), Value(ZERO), output_field=_MONEY),
        paid_usd=Coalesce(Sum("payments__amount_usd"), Value(ZERO), output_field=_MONEY),
    )


def donor_pledges(donor) -> QuerySet[Pledge]:
    """The donor's pledges, newest first, with ``programme`` and ``workshop`` read along,
    ``paid_amount``/``paid_usd`` annotated (:func:`with_paid`) and ``payments`` prefetched:
    two queries in all, whatever their number."""
    return with_paid(
        Pledge.objects.filter(donor=donor)
        .select_related("programme", "workshop")
        .prefetch_related("payments")
    ).order_by("-pledge_date", "-pk")


def overdue_pledges(today: datetime.date | None = None) -> QuerySet[Pledge]:
    """Committed pledges past their due date (a committed pledge is not yet paid in full),
    oldest due first, with donor, programme and workshop read along and ``paid_amount``
    annotated. One query."""
    today = today or dates.today()
    return with_paid(
        Pledge.objects.filter(status=Status.COMMITTED, due_date__lt=today).select_related(
            "donor", "programme", "workshop"
        )
    ).order_by("due_date", "pk")


def paid_amount(pledge: Pledge) -> Decimal:
    """What was received on `pledge`, in its currency (one query)."""
    return Payment.objects.filter(pledge=pledge).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=_MONEY)
    )["total"]


def amount_history(pledge: Pledge) -> list[dict]:
    """The pledge's successive amounts, oldest first: ``{"at", "amount", "currency",
    "rate_to_usd", "amount_usd", "status", "by"}`` from its audit history (one query), one
    entry each time the amount, currency or rate changed."""
    entries: list[dict] = []
    for record in pledge.history.select_related("history_user").order_by("history_date"):
        entry = {
            "at": record.history_date,
            "amount": record.amount,
            "currency": record.currency,
            "rate_to_usd": record.rate_to_usd,
            "amount_usd": record.amount_usd,
            "status": record.status,
            "by": record.history_user,
        }
        last = entries[-1] if entries else None
        if last is None or any(
            last[key] != entry[key] for key in ("amount", "currency", "rate_to_usd")
        ):
            entries.append(entry)
    return entries
