"""A stamp of funding's data, so that pages may keep what they render from it: it changes with
every pledge, payment or budget line written, deleted or revised (their audit histories grow),
every budget and every donor saved (``updated_at``), every donor deleted and every contact
added to or removed from a donor (counts and the link table's newest id: who is whose contact
is kept on it, :func:`funding.selectors.donors.donor_of`). One query of index lookups and
counts of two small tables.

The pages that cache (the public summary, the donor dashboard) key their fragments on it, so a
change shows at once; what the stamp does not see (a workshop's title, a programme's theme,
rows written with bulk_create or queryset.update(), which bypass the histories) shows within
:data:`PAGE_CACHE_SECONDS`.
"""

from __future__ import annotations

import time

from django.db import connection

from funding.models.budgets import Budget, BudgetLine
from funding.models.commitments import Commitment
from funding.models.donors import Donor
from funding.models.pledges import Payment, Pledge

PAGE_CACHE_SECONDS = 300
# A process asks the database for the stamp at most once in this many seconds (micro-caching:
# under load, most requests then make no query for it; a change shows within this delay).
STAMP_SECONDS = 1.0

_last: tuple[float, str] | None = None
_CONTACT_PARTS = (4, 5, 6, 7)  # positions in _sources()


def _sources():
    """(model, aggregate, column): each a part of the stamp."""
    contacts = Donor.contacts.through
    return [
        (Pledge.history.model, "MAX", "history_id"),
        (Payment.history.model, "MAX", "history_id"),
        (BudgetLine.history.model, "MAX", "history_id"),
        (Budget, "MAX", "updated_at"),
        # _CONTACT_PARTS: a donor saved or deleted; a contact added makes a new, higher id in
        # the link table, one removed lowers its count.
        (Donor, "MAX", "updated_at"),
        (Donor, "COUNT", "id"),
        (contacts, "MAX", "id"),
        (contacts, "COUNT", "id"),
        # Sponsored delegates on the donor dashboard follow the commitments of their trips.
        (Commitment, "MAX", "created_at"),
        (Commitment, "MAX", "released_at"),
    ]


def funding_stamp() -> str:
    """The stamp, read at most once per :data:`STAMP_SECONDS` in a process."""
    global _last
    now = time.monotonic()
    if _last is not None and now - _last[0] < STAMP_SECONDS:
        return _last[1]
    value = read_stamp()
    _last = (now, value)
    return value


def contacts_stamp() -> str:
    """The parts of the stamp that change with donors and their contacts only (not with money):
    what :func:`funding.selectors.donors.donor_of` keeps its answers on."""
    parts = funding_stamp().split("|")
    return "|".join(parts[index] for index in _CONTACT_PARTS)


def forget() -> None:
    """Read the stamp afresh next time (tests)."""
    global _last
    _last = None


def read_stamp() -> str:
    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT {aggregate}({quote(column)}) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model, aggregate, column in _sources()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # noqa: S608 - names from the models, no input
        row = cursor.fetchone()
    return "|".join("" if value is None else str(value) for value in row)
