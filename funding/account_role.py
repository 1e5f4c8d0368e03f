"""Donor contacts are not delegates: through idm_portal.account_roles they land on the donor
dashboard when they log in, and their menu is a donor's."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding.selectors import donors as donors_selectors
from idm_portal import account_roles


def register() -> None:
    account_roles.register(
        "donor",
        applies_to=donors_selectors.is_donor_contact,
        landing_url=lambda user: reverse("funding:dashboard"),
        menu=[
            account_roles.MenuItem(_("Donor dashboard"), "funding:dashboard"),
            account_roles.MenuItem(_("Funding of the programme"), "funding:summary_current"),
        ],
    )
