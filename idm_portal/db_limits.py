"""The limits the database keeps itself (CHECK constraints, and triggers that refuse a row with
a check_violation naming the limit): which one refused a write. Services catch the
IntegrityError around the save a limit may refuse, ask `violated_limit`, and raise their own
error with the message they give when their own check refuses, so a user never sees a 500."""

from __future__ import annotations

from django.db import IntegrityError

CHECK_VIOLATION = "23514"


def violated_limit(error: IntegrityError) -> str | None:
    """The name of the CHECK constraint or trigger limit that refused the write, or None when
    the error is another one (a unique constraint, a foreign key) or comes from SQLite."""
    cause = error.__cause__
    if getattr(cause, "pgcode", None) != CHECK_VIOLATION:
        return None
    return getattr(getattr(cause, "diag", None), "constraint_name", None)
