"""Writes of the funds ledger's ceiling (funding/models/ledger.py): the workshop's funds as
funding.selectors.coverage computes them, for the database's own check of commitments.

Locks: `set_funds` the workshop's row, then its ledger row (the order of the commitments'
triggers; commit_funds already holds the first); `refresh` the rows of every workshop of the
programmes, in id order (`lock_programmes`), before it reads their funds, then the ledger rows
it writes. So a change of pledges, payments or budgets and a commitment run one after the
other: without it, a commitment could count a pledge cancelled a moment before (its funds
read before the cancel committed) and write that stale ceiling over the fresh one. Callers
that lock a workshop of theirs first take `lock_programmes` instead, so that every writer
takes the workshops in the same order.
Refuses nothing. Sends nothing. The ceiling never goes below what is committed (GREATEST):
funds that fall under the commitments leave no room for another one, and a commitment made
when the money was there stays valid. PostgreSQL only: on SQLite no trigger keeps
`committed`, so nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction

from funding.selectors import coverage
from workshops.models import Workshop

_UPSERT = """
INSERT INTO funding_fundsledger AS ledger (workshop_id, funds, committed)
    VALUES (%s, %s, 0)
    ON CONFLICT (workshop_id) DO UPDATE SET funds = GREATEST(EXCLUDED.funds, ledger.committed)
"""


_LOCK_WORKSHOP = "SELECT 1 FROM workshops_workshop WHERE id = %s FOR NO KEY UPDATE"


def _kept() -> bool:
    return connection.vendor == "postgresql"


@transaction.atomic
def set_funds(*, workshop_id: int, funds: Decimal) -> None:
    """The workshop's ceiling is `funds` (or what is committed, if more)."""
    if _kept():
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_WORKSHOP, [workshop_id])
            cursor.execute(_UPSERT, [workshop_id, funds])


def lock_programmes(programme_ids: Iterable[int | None]) -> None:
    """Lock the rows of every workshop of these programmes, in id order (in a transaction)."""
    programme_ids = sorted({pk for pk in programme_ids if pk is not None})
    if programme_ids:
        list(
            Workshop.objects.select_for_update(no_key=True)
            .filter(programme_id__in=programme_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


@transaction.atomic
def refresh(*, programme_ids: Iterable[int | None]) -> None:
    """Compute again the funds of every workshop of these programmes (three queries) and write
    them as ceilings: called after any change of their pledges, payments or budgets, since a
    workshop's share of unearmarked money depends on the whole programme."""
    programme_ids = {pk for pk in programme_ids if pk is not None}
    if not _kept() or not programme_ids:
        return
    lock_programmes(programme_ids)
    rows = [
        (figures.workshop_id, figures.funds)
        for programme in coverage.programmes_coverage(programme_ids).values()
        for figures in programme.workshops
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, sorted(rows))
