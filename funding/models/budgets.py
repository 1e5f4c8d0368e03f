"""A workshop's budget, by category, in USD. The programme's budget is the sum of its
workshops' budgets."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.money import validate_not_negative
from idm_portal.fields import bounded_text_field


class Category(models.TextChoices):
    PARTICIPANT_TRAVEL = "participant_travel", _("Participant travel and subsistence")
    VENUE = "venue_interpretation", _("Venue and interpretation")
    DOCUMENTATION = "documentation_translation", _("Documentation and translation")
    STAFF = "staff_administration", _("Staff and administration")
    OVERHEAD = "overhead", _("Overhead")


class Budget(models.Model):
    """The budget of one workshop (its project document's figures): the sum of its lines."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="budget",
        verbose_name=_("workshop"),
    )
    notes = bounded_text_field(_("notes"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["workshop__start_date"]

    def __str__(self) -> str:
        return str(self.workshop)


class BudgetLine(models.Model):
    Category = Category

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(
        _("amount (USD)"), max_digits=14, decimal_places=2, validators=[validate_not_negative]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "category"],
                name="one_budget_line_per_category",
                violation_error_message=_("This budget already has a line of this category."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount} USD"
