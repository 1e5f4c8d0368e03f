"""Money of a workshop promised away (a delegate's travel sponsorship), recorded and given back
only through funding.services.commitments."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.budgets import Category


class Commitment(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="fund_commitments",
        verbose_name=_("workshop"),
    )
    category = models.CharField(_("budget line"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    reference = models.CharField(
        _("reference"), max_length=200, help_text=_("What the money is for, e.g. a sponsorship.")
    )
    created_at = models.DateTimeField(_("committed at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment of funds")
        verbose_name_plural = _("commitments of funds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive"),
        ]
        indexes = [models.Index(fields=["workshop", "category", "released_at"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} USD"

    @property
    def is_active(self) -> bool:
        return self.released_at is None
