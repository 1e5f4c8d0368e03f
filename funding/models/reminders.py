"""Which overdue pledges were reminded: one reminder per pledge and due date, so that the
daily task can run any number of times (and a new due date gets a reminder of its own)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from funding.models.pledges import Pledge


class PledgeReminder(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("pledge")
    )
    due_date = models.DateField(_("payment due"))
    recipients = models.PositiveIntegerField(_("contacts reminded"), default=0)
    sent_at = models.DateTimeField(_("reminded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder of an overdue pledge")
        verbose_name_plural = _("reminders of overdue pledges")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "due_date"], name="one_reminder_per_pledge_and_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} ({self.due_date})"
