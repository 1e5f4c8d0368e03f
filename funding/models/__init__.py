"""The models of funding, one module per subject; import each from its module
(``from funding.models.pledges import Pledge``):

    donors        Donor: a government, organisation, foundation or company, its contacts
    budgets       Budget (one per workshop) and its BudgetLines by category, in USD
    pledges       Pledge (whole programme or earmarked to one workshop) and its Payments
    commitments   Commitment: money promised away (a travel sponsorship), or given back
    reminders     PledgeReminder: an overdue pledge reminded, once per due date
    ledger        FundsLedger: per workshop, committed money beside its funds (a CHECK)

Every write goes through funding.services; every figure through funding.selectors.
"""

# Django's app registry imports this package: importing the subject modules registers their
# models with the app (label "funding").
from funding.models import budgets, commitments, donors, ledger, pledges, reminders  # noqa: F401
