"""The Django admin of funding, one module per subject:

    donors        donors, their public name side by side in three languages, their contacts
    budgets       a workshop's budget with its lines inline (through funding.services.budgets)
    pledges       pledges with their payments inline; commit and cancel as actions, a changed
                  amount saved as a revision (through funding.services.pledges)
    commitments   money promised away (read only: only funding.services.commitments writes it)

The `Finance` group adds and changes them, the `Secretariat` reads them (idm_portal/roles.py).
"""

# admin.autodiscover() imports this package: importing the subject modules registers their
# ModelAdmins with the admin site.
from funding.admin import budgets, commitments, donors, pledges  # noqa: F401
