"""The funds ledger: per workshop, the money committed (kept by the database itself, from the
commitments) beside the funds ceiling funding's services last computed. The database refuses
a commitment that would take `committed` past `funds` (the CHECK below), even one written by
code that forgot commit_funds and its lock.

Why a ledger and not a trigger that computes the funds: a workshop's funds are its earmarked
money plus its share of the programme's unearmarked money, pro rata to every workshop's gap and
never above it (funding.selectors.coverage, funding.selectors.allocation). That is an
iterative allocation over the whole programme, not a sum a trigger can take. So the figure is
computed once, in Python, and written here:

- `committed`: only the triggers of funding/migrations/0004 write it (PostgreSQL): an active
  commitment adds its amount, a release or delete takes it back, in the same statement. The
  UPDATE of this row serialises two commitments of a workshop, so the CHECK sees every one.
- `funds`: written only by funding.services.ledger: by commit_funds under the workshop's lock
  (the very figure it checks against) and after every change of pledges, payments or budgets
  of the programme; never below `committed` (funds fallen under what is committed leave no
  room, and do not undo a commitment made when they were there).

On SQLite (the embedded default) no trigger keeps it: the table stays empty there.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FundsLedger(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("workshop"),
    )
    funds = models.DecimalField(_("funds (USD)"), max_digits=14, decimal_places=2, default=0)
    committed = models.DecimalField(
        _("committed (USD)"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("funds ledger")
        verbose_name_plural = _("funds ledgers")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__lte=F("funds")),
                name="funds_ledger_committed_within_funds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committed} / {self.funds} USD"
