"""Domain errors of registrations. A view turns one into a field error or a message:

    try:
        registering.register(delegate=profile, workshop=workshop, role=role)
    except RegistrationError as error:
        form.add_error(error.field, error.message)

`message` is translated lazily, so it renders in the language active where it is shown.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """Base of every refusal by registrations.services."""

    default_message = _("This action is not possible.")
    field: str | None = None  # the form field the error belongs to; None = the whole form

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message if message is not None else self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: [self.message]})
        return ValidationError(self.message)


class WorkshopClosed(RegistrationError):
    default_message = _("Registration for this workshop is closed.")
    field = "workshop"


class AlreadyRegistered(RegistrationError):
    default_message = _("You are already registered for this workshop.")
    field = "workshop"


class InvalidTransition(RegistrationError):
    default_message = _("A registration in this state cannot be changed this way.")


class NotFocalPoint(RegistrationError):
    """The user is not a focal point of the member state concerned."""

    default_message = _("Only a focal point of this delegate's member state may do this.")


class NotAllowed(RegistrationError):
    default_message = _("You are not allowed to do this.")


class NoteVerbaleRequired(RegistrationError):
    default_message = _(
        "The delegation's note verbale must be verified (or waived by the secretariat) "
        "before a delegate can be confirmed."
    )


class InvalidNoteVerbale(RegistrationError):
    field = "note_verbale"


class TooLate(RegistrationError):
    default_message = _("The workshop has already started.")


class TooEarly(RegistrationError):
    default_message = _("Attendance can be recorded only once the workshop has started.")


class SeatsFull(RegistrationError):
    default_message = _("Every seat of this workshop is taken.")


class NoSeatOffer(InvalidTransition):
    default_message = _("There is no seat offer to accept, or its deadline has passed.")


class ProfileRequired(RegistrationError):
    default_message = _("Complete your delegate profile before registering.")


class InvitationClosed(RegistrationError):
    """The invitation was accepted, declined, withdrawn, or has expired."""

    default_message = _("This invitation can no longer be answered.")


class NotEligible(RegistrationError):
    """A sponsorship whose delegate does not meet the eligibility rule (every reason given)."""

    default_message = _("This delegate is not eligible for travel sponsorship.")


class SponsoredSeatsFull(RegistrationError):
    default_message = _("All of this workshop's sponsored seats are taken.")
