"""What the service modules of registrations share: saving a row, the one row lock of a
registration's status changes, who counts as staff, and the e-mails a change owes.

Locks: the workshop's row (select_for_update), taken before anything a change decides on is
read. Refuses nothing itself. Sends after commit: an e-mail a change owes is rendered in the
recipient's language and queued in the outbox (idm_portal.queue.outbox) in the change's own
transaction, with a RegistrationEmail saying which one; the outbox sends it once that commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db import IntegrityError, transaction

from idm_portal.db_limits import violated_limit
from idm_portal.queue import outbox
from registrations import emails
from registrations.errors import RegistrationError
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import Registration
from workshops.models import Workshop


def save_checked(instance, *, by=None, validate_constraints: bool = True, loaded=()) -> None:
    """full_clean(), then save; `by` is who did it, for the audit, when the middleware has no
    request. A ValidationError (a bad field value) is left as it is: it names its fields.
    `loaded` names relations the caller holds as rows it has just read or locked: their
    existence is not checked again (one query each)."""
    instance.full_clean(validate_constraints=validate_constraints, exclude=list(loaded))
    if by is not None and getattr(by, "pk", None):
        instance._history_user = by  # audit: who, when the middleware has no request
    instance.save()


def save_within_limits(
    instance, *, refusals: Mapping[str, Callable[[], RegistrationError]], **save_kwargs
) -> None:
    """save_checked() in a savepoint; when one of the database's own limits refuses the row
    (registrations/migrations/0013: seats, sponsored seats, per state), the refusal the
    service gives for it, from `refusals` {limit name: make the error}. The services check the
    limits first under the workshop's lock, so this happens only when the data was written
    past them; the database's word stands and the user reads the usual message, never a 500."""
    try:
        with transaction.atomic():
            save_checked(instance, **save_kwargs)
    except IntegrityError as error:
        make = refusals.get(violated_limit(error) or "")
        if make is None:
            raise
        raise make() from error


def lock_workshop(workshop_id: int) -> Workshop:
    # The one row lock of every status change: everything that counts seats for a workshop
    # runs one at a time, so two confirmations cannot both take the last seat.
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def lock_registration(registration: Registration) -> Workshop:
    """Lock the registration's workshop, then read the registration again under the lock."""
    workshop = lock_workshop(registration.workshop_id)
    registration.refresh_from_db()
    return workshop


def is_staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_staff", False))


def email_delegate(registration: Registration, kind: str) -> RegistrationEmail:
    """Owe the delegate an e-mail: rendered now, queued in the outbox, sent after commit."""
    rendered = emails.render_registration_email(registration, kind=kind)
    return owe_email(registration=registration, kind=kind, rendered=rendered)


def owe_email(*, kind: str, rendered, registration=None, invitation=None) -> RegistrationEmail:
    """Queue `rendered` in the outbox and record which e-mail of which registration (or
    invitation) it is. Part of the caller's transaction (no savepoint: a failure fails it)."""
    with transaction.atomic(savepoint=False):
        link = RegistrationEmail(
            registration=registration,
            invitation=invitation,
            kind=kind,
            outbound_email=outbox.queue_email(**rendered.queue_fields()),
        )
        # The rows it links were just written in this transaction: checking that they exist
        # would cost three queries per e-mail; the database keeps the keys and the check.
        link.full_clean(exclude=["registration", "invitation", "outbound_email"])
        link.save()
    return link
