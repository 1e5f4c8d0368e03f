"""Writes of the funds ledger's ceiling (funding/models/ledger.py): the workshop's funds as
funding.selectors.coverage computes them, for the database's own check of commitments.

Locks: `set_funds` the workshop's row, then its ledger row (the order of the commitments'
triggers; commit_funds already holds the first); `refresh` only the ledger rows it writes.
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


@transaction.atomic
def refresh(*, programme_ids: Iterable[int | None]) -> None:
    """Compute again the funds of every workshop of these programmes (three queries) and write
    them as ceilings: called after any change of their pledges, payments or budgets, since a
    workshop's share of unearmarked money depends on the whole programme."""
    programme_ids = {pk for pk in programme_ids if pk is not None}
    if not _kept() or not programme_ids:
        return
    rows = [
        (figures.workshop_id, figures.funds)
        for programme in coverage.programmes_coverage(programme_ids).values()
        for figures in programme.workshops
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, sorted(rows))
