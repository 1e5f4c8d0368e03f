"""Pledges of donors and the payments made against them.

A pledge's states: pledged → committed (agreement signed) → paid (payments reach its amount),
or cancelled. Only committed and paid money counts as funding (OCHA's Financial Tracking
Service); a bare pledge is shown apart. A revised pledge keeps its row and replaces its amount
(the history keeps the old one), so it never counts twice. The states change only through
funding.services.pledges.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.donors import Donor
from funding.money import (
    USD,
    validate_currency,
    validate_positive_amount,
    validate_positive_rate,
)
from idm_portal.fields import bounded_text_field
from workshops import dates


class Pledge(models.Model):
    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        COMMITTED = "committed", _("Committed")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    # Money that counts as funding (committed and paid); a bare pledge is shown, not counted.
    FUNDING_STATUSES = (Status.COMMITTED, Status.PAID)

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor")
    )
    programme = models.ForeignKey(
        "workshops.Programme",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("programme"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="earmarked_pledges",
        verbose_name=_("earmarked to workshop"),
        help_text=_("Leave empty for a contribution to the whole programme."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[validate_positive_amount]
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=USD,
        validators=[validate_currency],
        help_text=_("ISO 4217 code, e.g. USD, EUR, CHF."),
    )
    rate_to_usd = models.DecimalField(
        _("rate to USD"),
        max_digits=18,
        decimal_places=8,
        default=1,
        validators=[validate_positive_rate],
        help_text=_("USD for one unit of the currency, on the day the pledge was recorded."),
    )
    # The amount at rate_to_usd, by funding.money.to_usd; set by the services with the amount.
    amount_usd = models.DecimalField(
        _("amount (USD)"), max_digits=14, decimal_places=2, editable=False
    )
    pledge_date = models.DateField(_("pledge date"))
    due_date = models.DateField(
        _("payment due"),
        null=True,
        blank=True,
        help_text=_("A committed pledge not paid in full by this date is overdue."),
    )
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)
    conditions = bounded_text_field(_("conditions"), max_length=5000, blank=True)
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.PLEDGED, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pledge_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(condition=Q(rate_to_usd__gt=0), name="pledge_rate_positive"),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.donor} – {self.amount} {self.currency} ({self.pledge_date})"

    def clean(self) -> None:
        errors = {}
        if (
            self.workshop_id is not None
            and self.programme_id is not None
            and self.workshop.programme_id != self.programme_id
        ):
            errors["workshop"] = _(
                "This workshop belongs to another programme: earmark the pledge to a workshop "
                "of %(programme)s, or leave it to the whole programme."
            ) % {"programme": self.programme}
        if self.currency == USD and self.rate_to_usd is not None and self.rate_to_usd != 1:
            errors["rate_to_usd"] = _("A pledge in USD has a rate of 1.")
        if self.due_date and self.pledge_date and self.due_date < self.pledge_date:
            errors["due_date"] = _("Payment cannot be due before the pledge date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_earmarked(self) -> bool:
        return self.workshop_id is not None

    @property
    def counts_as_funding(self) -> bool:
        return self.status in self.FUNDING_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Committed, not paid in full (else it would be paid), and past its due date."""
        today = today or dates.today()
        return (
            self.status == self.Status.COMMITTED
            and self.due_date is not None
            and self.due_date < today
        )


class Payment(models.Model):
    """Money received against a pledge, in the pledge's currency."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="payments", verbose_name=_("pledge")
    )
    date = models.DateField(_("date received"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[validate_positive_amount],
        help_text=_("In the pledge's currency."),
    )
    # The amount at the pledge's rate_to_usd, by funding.money.to_usd (set by the services).
    amount_usd = models.DecimalField(
        _("amount (USD)"), max_digits=14, decimal_places=2, editable=False
    )
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.date})"

    def clean(self) -> None:
        try:
            pledge_date = self.pledge.pledge_date
        except Pledge.DoesNotExist:
            pledge_date = None
        if self.date and pledge_date and self.date < pledge_date:
            raise ValidationError(
                {
                    "date": _("A payment cannot come before the pledge date (%(date)s).")
                    % {"date": date_format(pledge_date)}
                }
            )
