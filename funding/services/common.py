"""What the service modules of funding share: saving a row checked and audited."""

from __future__ import annotations


def save_checked(instance, *, by=None, exclude=()) -> None:
    """full_clean(), then save; `by` is who did it, for the audit history, when the
    middleware has no request. A ValidationError names its fields: it is left as it is."""
    instance.full_clean(exclude=list(exclude))
    if by is not None and getattr(by, "pk", None):
        instance._history_user = by
    instance.save()
