from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        # Lazy: these import models, which are not ready while Django loads the apps.
        from funding import account_role, page_blocks, workshop_hooks
        from funding.models.budgets import Budget, BudgetLine
        from funding.models.commitments import Commitment
        from funding.models.donors import Donor
        from funding.models.pledges import Payment, Pledge
        from idm_portal import page_cache

        # The badge on the programme's pages and the figure behind it in the workshop admin.
        workshop_hooks.register()
        # The coverage bar on the workshop page, the summary's link on the programme page.
        page_blocks.register()
        # Donor contacts land on their dashboard and see a donor's menu.
        account_role.register()
        # The badge, the coverage bar and the public summary are on pages kept whole for
        # anonymous visitors (idm_portal.page_cache): money that changes makes them stale.
        page_cache.watch(Budget, BudgetLine, Donor, Pledge, Payment, Commitment)
