"""Domain errors of funding. A view or an admin page turns one into a field error or a
message::

    try:
        pledges.record_payment(pledge=pledge, date=day, amount=amount, by=request.user)
    except FundingError as error:
        form.add_error(error.field, error.message)

`message` is translated lazily, so it renders in the language active where it is shown.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class FundingError(Exception):
    """Base of every refusal by funding.services."""

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


class InvalidTransition(FundingError):
    default_message = _("A pledge in this state cannot be changed this way.")


class Overpayment(FundingError):
    default_message = _("This payment would take the payments past the pledge's amount.")
    field = "amount"


class PaymentTooEarly(FundingError):
    default_message = _("A payment cannot come before the pledge date.")
    field = "date"


class OverBudgetLine(FundingError):
    default_message = _("This would commit more than the budget line.")
    field = "amount"


class InsufficientFunds(FundingError):
    default_message = _("This would commit more than the workshop's funds.")
    field = "amount"
